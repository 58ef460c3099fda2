package io.spectro.opencl;

import io.spectro.device.DeviceException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** JOCL call helpers: OpenCL status codes become {@link DeviceException}s naming the call and the decoded status. */
final class Cl {
    /** {@code CL_PLATFORM_NOT_FOUND_KHR}: the ICD loader found no platform. */
    static final int PLATFORM_NOT_FOUND_KHR = -1001;

    private Cl() {}

    /** The decoded status of a JOCL exception, e.g. {@code CL_OUT_OF_RESOURCES}. */
    static String status(CLException e) {
        String s = CL.stringFor_errorCode(e.getStatus());
        return s == null || s.startsWith("INVALID_ERROR_CODE") ? e.getMessage() : s;
    }

    /** Runs JOCL call {@code name}; a {@link CLException} becomes a {@link DeviceException} naming it. */
    static <T> T call(String name, Supplier<T> call) {
        try {
            return call.get();
        } catch (CLException e) {
            throw new DeviceException(name + ": " + status(e), e);
        }
    }

    /** Runs JOCL call {@code name} for its side effect. */
    static void run(String name, Runnable call) {
        try {
            call.run();
        } catch (CLException e) {
            throw new DeviceException(name + ": " + status(e), e);
        }
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        run("clGetDeviceInfo", () -> CL.clGetDeviceInfo(d, param, 0, null, size));
        byte[] b = new byte[(int) size[0]];
        run("clGetDeviceInfo", () -> CL.clGetDeviceInfo(d, param, b.length, Pointer.to(b), null));
        return cString(b);
    }

    static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        run("clGetDeviceInfo", () -> CL.clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null));
        return v[0];
    }

    static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        run("clGetDeviceInfo", () -> CL.clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null));
        return v[0];
    }

    static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        run("clGetDeviceInfo", () -> CL.clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null));
        return v[0];
    }

    static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        run("clGetPlatformInfo", () -> CL.clGetPlatformInfo(p, param, 0, null, size));
        byte[] b = new byte[(int) size[0]];
        run("clGetPlatformInfo", () -> CL.clGetPlatformInfo(p, param, b.length, Pointer.to(b), null));
        return cString(b);
    }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8).strip();
    }
}
