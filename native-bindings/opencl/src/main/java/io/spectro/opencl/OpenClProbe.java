package io.spectro.opencl;

import io.spectro.spi.Availability;
import io.spectro.spi.DeviceInfo;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * Finds the OpenCL platforms and devices once per JVM and test-builds the Spectro kernels on them. Never throws:
 * every failure (no {@code libOpenCL.so}, no ICD, no devices, a failing kernel build) is a one-line reason.
 */
final class OpenClProbe {
    /** The reason given when JOCL cannot load the unversioned OpenCL library. */
    static final String NO_LIBRARY = "libOpenCL.so not found: apt-get install ocl-icd-opencl-dev pocl-opencl-icd";
    /** The reason given when the ICD loader finds no platform. */
    static final String NO_PLATFORM = "no OpenCL platform installed (CL_PLATFORM_NOT_FOUND_KHR): apt-get install"
            + " pocl-opencl-icd for the CPU, or a GPU driver's OpenCL ICD";

    /**
     * One device as found by the probe.
     *
     * @param info the listing entry (index over all platforms' devices)
     * @param platform its platform
     * @param id the device
     * @param maxAllocation {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE} in bytes
     * @param maxWorkGroup {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
     * @param singleFpConfig {@code CL_DEVICE_SINGLE_FP_CONFIG} bits
     */
    record Device(
            DeviceInfo info,
            cl_platform_id platform,
            cl_device_id id,
            long maxAllocation,
            long maxWorkGroup,
            long singleFpConfig) {
        /** Why deterministic mode cannot be promised on this device, or null when it can. */
        String deterministicProblem() {
            return OpenClProbe.deterministicProblem(singleFpConfig);
        }
    }

    /** What the probe found. */
    record Result(Availability availability, List<Device> devices) {
        Result {
            devices = List.copyOf(devices);
        }
    }

    private static Result cached;

    private OpenClProbe() {}

    private static Result surveyed;

    /** The probe's result, computed on the first call and cached for the JVM's life. Never throws. */
    static synchronized Result get() {
        if (cached == null) {
            cached = run(true);
        }
        return cached;
    }

    /**
     * The platforms and devices with their types, without {@link #get()}'s kernel test-build (most of the probe's
     * cost: PoCL compiles the kernels with LLVM), every device marked usable. Enough for automatic selection to skip a
     * backend whose only devices are CPUs. {@link #get()}'s result once known. Cached, in this JVM and on disk between
     * runs ({@link SurveyCache}: then the result lists no {@link Device}s, only their infos); never throws.
     */
    static synchronized Result survey() {
        if (cached != null) {
            return cached;
        }
        if (surveyed == null) {
            Availability kept = SurveyCache.read();
            if (kept != null) {
                surveyed = new Result(kept, List.of());
            } else {
                surveyed = run(false);
                SurveyCache.write(surveyed.availability());
            }
        }
        return surveyed;
    }

    private static Result run(boolean build) {
        try {
            return discover(build);
        } catch (Throwable t) {
            return new Result(Availability.no(reasonFor(t)), List.of());
        }
    }

    /**
     * Why a device with {@code CL_DEVICE_SINGLE_FP_CONFIG} = {@code fpConfig} cannot give ReferencePipeline's bits, or
     * null when it can: deterministic kernels need denormals ({@code CL_FP_DENORM}) and correctly rounded division and
     * square root ({@code CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT}, requested with {@code
     * -cl-fp32-correctly-rounded-divide-sqrt}).
     */
    static String deterministicProblem(long fpConfig) {
        boolean denorm = (fpConfig & CL.CL_FP_DENORM) != 0;
        boolean divSqrt = (fpConfig & CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0;
        if (denorm && divSqrt) {
            return null;
        }
        return "deterministic mode needs float denormals and correctly rounded divide/sqrt; this device lacks "
                + (!denorm && !divSqrt ? "both" : !denorm ? "denormals" : "correctly rounded divide/sqrt")
                + " (CL_DEVICE_SINGLE_FP_CONFIG = 0x" + Long.toHexString(fpConfig) + ")";
    }

    /** The one-line reason for a failure of the first OpenCL calls. */
    static String reasonFor(Throwable t) {
        if (t instanceof LinkageError) {
            return NO_LIBRARY;
        }
        if (t instanceof CLException e && e.getStatus() == Cl.PLATFORM_NOT_FOUND_KHR) {
            return NO_PLATFORM;
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        int nl = m.indexOf('\n');
        return "OpenCL probe failed: " + (nl >= 0 ? m.substring(0, nl) : m);
    }

    private static Result discover(boolean build) {
        CL.setExceptionsEnabled(true);
        int[] n = new int[1];
        CL.clGetPlatformIDs(0, null, n);
        if (n[0] == 0) {
            return new Result(Availability.no(NO_PLATFORM), List.of());
        }
        cl_platform_id[] platforms = new cl_platform_id[n[0]];
        CL.clGetPlatformIDs(platforms.length, platforms, null);
        List<Device> devices = new ArrayList<>();
        List<String> buildFailures = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            String platformName = Cl.platformString(p, CL.CL_PLATFORM_NAME);
            cl_device_id[] ids = devicesOf(p);
            if (ids.length == 0) {
                continue;
            }
            String failure = build ? testBuild(p, ids) : null;
            if (failure != null) {
                buildFailures.add(platformName + ": " + failure);
            }
            for (cl_device_id id : ids) {
                devices.add(describe(devices.size(), platformName, p, id, failure));
            }
        }
        if (devices.isEmpty()) {
            return new Result(
                    Availability.no(
                            n[0] + " OpenCL platform(s) found but no devices; install a device's OpenCL driver"),
                    devices);
        }
        Device def = devices.stream()
                .filter(d -> d.info().usable() && "GPU".equals(d.info().type()))
                .findFirst()
                .or(() -> devices.stream().filter(d -> d.info().usable()).findFirst())
                .orElse(null);
        List<DeviceInfo> infos = devices.stream().map(Device::info).toList();
        if (def == null) {
            return new Result(
                    Availability.no(
                            "the Spectro kernels do not build on any OpenCL device: " + buildFailures.get(0), infos),
                    devices);
        }
        return new Result(
                Availability.yes(
                        "default device [" + def.info().index() + "] "
                                + def.info().name() + " (" + def.info().type() + ", "
                                + def.info().platform() + ")",
                        infos),
                devices);
    }

    private static cl_device_id[] devicesOf(cl_platform_id p) {
        int[] n = new int[1];
        try {
            CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
        } catch (CLException e) {
            if (e.getStatus() == CL.CL_DEVICE_NOT_FOUND) {
                return new cl_device_id[0];
            }
            throw e;
        }
        cl_device_id[] ids = new cl_device_id[n[0]];
        if (ids.length > 0) {
            CL.clGetDeviceIDs(p, CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null);
        }
        return ids;
    }

    /** Builds the deterministic program for all devices of a platform; null when it builds, else the first line why. */
    private static String testBuild(cl_platform_id p, cl_device_id[] ids) {
        cl_context context = null;
        try {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL.CL_CONTEXT_PLATFORM, p);
            context = CL.clCreateContext(props, ids.length, ids, null, null, null);
            cl_program program = OpenClDevice.buildProgram(
                    context, ids, OpenClDevice.programSource(), OpenClDevice.buildOptions(true));
            CL.clReleaseProgram(program);
            return null;
        } catch (RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            String[] lines = m.split("\n");
            String detail = lines[0];
            for (String l : lines) {
                if (l.contains("error")) {
                    detail = lines[0] + " " + l.strip();
                    break;
                }
            }
            return detail;
        } finally {
            if (context != null) {
                CL.clReleaseContext(context);
            }
        }
    }

    private static boolean hasFp64(cl_device_id id) {
        try {
            return Cl.deviceLong(id, CL.CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
        } catch (RuntimeException e) {
            return false; // OpenCL 1.x devices without cl_khr_fp64 reject the query
        }
    }

    private static Device describe(int index, String platform, cl_platform_id p, cl_device_id id, String failure) {
        String name = Cl.deviceString(id, CL.CL_DEVICE_NAME);
        long type = Cl.deviceLong(id, CL.CL_DEVICE_TYPE);
        String typeName = (type & CL.CL_DEVICE_TYPE_GPU) != 0
                ? "GPU"
                : (type & CL.CL_DEVICE_TYPE_CPU) != 0
                        ? "CPU"
                        : (type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "ACCELERATOR" : "OTHER";
        int units = Cl.deviceInt(id, CL.CL_DEVICE_MAX_COMPUTE_UNITS);
        long memory = Cl.deviceLong(id, CL.CL_DEVICE_GLOBAL_MEM_SIZE);
        long maxAlloc = Cl.deviceLong(id, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE);
        long maxGroup = Cl.deviceSize(id, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE);
        boolean fp64 = hasFp64(id);
        String clc = Cl.deviceString(id, CL.CL_DEVICE_OPENCL_C_VERSION);
        long fpConfig = Cl.deviceLong(id, CL.CL_DEVICE_SINGLE_FP_CONFIG);
        String note = clc + ", max work-group " + maxGroup + (fp64 ? ", fp64" : ", no fp64") + ", max buffer "
                + (maxAlloc >> 20) + " MiB"
                + (deterministicProblem(fpConfig) == null ? ", deterministic mode" : ", no deterministic mode")
                + (failure == null ? "" : "; kernel build failed: " + failure);
        DeviceInfo info = new DeviceInfo(index, platform, name, typeName, units, memory, failure == null, note);
        return new Device(info, p, id, maxAlloc, maxGroup, fpConfig);
    }
}
