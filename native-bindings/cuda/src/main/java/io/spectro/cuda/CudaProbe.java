package io.spectro.cuda;

import io.spectro.spi.Availability;
import io.spectro.spi.DeviceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The CUDA backend's probe, as a pure function of the driver's answers, the kernels shipped and the cuFFT loader, so
 * that every outcome is testable without a GPU. Never throws: every failure is a one-line reason, in this order: no
 * driver library, the JCuda binding failing to load, {@code cuInit} failing, no devices, no kernels in this build, no
 * device the kernels can run on (too old, or too new for a driver that cannot JIT the PTX). A missing cuFFT is not
 * fatal: it is reported and Spectro's own FFT kernels are used.
 */
final class CudaProbe {
    private CudaProbe() {}

    /**
     * What the probe found.
     *
     * @param availability the answer for {@code spectro devices} and backend selection
     * @param driverVersion {@code cuDriverGetVersion} (0 when unknown)
     * @param devices every device seen, in ordinal order
     * @param cufft what the cuFFT loader found (null when the probe stopped before looking)
     */
    record Outcome(Availability availability, int driverVersion, List<DeviceInfo> devices, CufftLibrary.Result cufft) {
        /** Copies the list. */
        Outcome {
            devices = List.copyOf(devices);
        }
    }

    /** Runs the probe. */
    static Outcome run(DriverApi api, Supplier<Optional<KernelBinaries>> kernels, Supplier<CufftLibrary.Result> cufft) {
        try {
            return probe(api, kernels, cufft);
        } catch (LinkageError e) {
            return failed(linkageReason(e));
        } catch (RuntimeException e) {
            return failed("CUDA probe failed: " + firstLine(String.valueOf(e.getMessage())) + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Outcome probe(
            DriverApi api,
            Supplier<Optional<KernelBinaries>> kernelSupplier,
            Supplier<CufftLibrary.Result> cufftSupplier) {
        String problem = api.libraryProblem();
        if (problem != null) {
            return failed(problem);
        }
        int rc = api.init();
        if (rc != 0) {
            return failed(CudaStatus.message("cuInit", rc));
        }
        int driver = api.driverVersion();
        if (driver < 0) {
            return failed(CudaStatus.message("cuDriverGetVersion", -driver));
        }
        int count = api.deviceCount();
        if (count < 0) {
            return failed(CudaStatus.message("cuDeviceGetCount", -count));
        }
        if (count == 0) {
            return failed("no CUDA devices (driver CUDA " + KernelBinaries.driverString(driver) + ")");
        }
        List<DriverApi.Device> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seen.add(api.device(i));
        }
        String platform = "CUDA driver " + KernelBinaries.driverString(driver);
        Optional<KernelBinaries> kernels = kernelSupplier.get();
        if (kernels.isEmpty()) {
            List<DeviceInfo> infos = new ArrayList<>();
            for (DriverApi.Device d : seen) {
                infos.add(info(d, platform, false, KernelBinaries.ABSENT));
            }
            return new Outcome(Availability.no(KernelBinaries.ABSENT, infos), driver, infos, null);
        }
        KernelBinaries k = kernels.get();
        List<DeviceInfo> infos = new ArrayList<>();
        DeviceInfo first = null;
        for (DriverApi.Device d : seen) {
            String compat = k.compatibility(d.major(), d.minor(), driver);
            boolean usable = KernelBinaries.usable(compat);
            String note = "sm_" + d.major() + d.minor() + ", " + (usable ? compat : compat.substring(10));
            DeviceInfo info = info(d, platform, usable, note);
            infos.add(info);
            if (usable && first == null) {
                first = info;
            }
        }
        if (first == null) {
            String why = infos.size() == 1
                    ? infos.get(0).name() + ": " + infos.get(0).note()
                    : "none of the " + infos.size() + " CUDA devices can run this build's kernels ("
                            + k.describeTargets() + "); first: " + infos.get(0).name() + ": "
                            + infos.get(0).note();
            return new Outcome(Availability.no(why, infos), driver, infos, null);
        }
        CufftLibrary.Result cufft = cufftSupplier.get();
        String fft = cufft instanceof CufftLibrary.Loaded l
                ? l.library().description()
                : firstLine(cufft.summary()) + ": using Spectro's FFT kernels";
        String detail = first.name() + " (" + first.note() + "), " + platform
                + (infos.size() > 1 ? ", " + infos.size() + " devices" : "") + "; " + fft;
        return new Outcome(Availability.yes(detail, infos), driver, infos, cufft);
    }

    private static DeviceInfo info(DriverApi.Device d, String platform, boolean usable, String note) {
        return new DeviceInfo(
                d.ordinal(), platform, d.name(), "GPU", d.multiprocessors(), d.memoryBytes(), usable, note);
    }

    private static Outcome failed(String reason) {
        return new Outcome(Availability.no(reason), 0, List.of(), null);
    }

    /**
     * The reason for a {@link LinkageError} from JCuda: its loader throws {@link UnsatisfiedLinkError} from
     * {@code JCudaDriver}'s static initialiser (with nested traces in the message), and every later use {@link
     * NoClassDefFoundError}.
     */
    static String linkageReason(LinkageError e) {
        String msg = String.valueOf(e.getMessage());
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 100_000; t = t.getCause()) {
            chain.append(t.getMessage()).append('\n');
        }
        if (chain.indexOf(JCudaDriverApi.LIBCUDA) >= 0) {
            return JCudaDriverApi.LIBCUDA + " not found (no NVIDIA driver installed): the JCuda driver binding could"
                    + " not be loaded";
        }
        if (e instanceof NoClassDefFoundError) {
            String earlier = JCudaDriverApi.firstLoadFailure();
            return (earlier != null ? earlier : "the JCuda driver binding failed to load earlier in this JVM") + " ("
                    + firstLine(msg) + ")";
        }
        return "the JCuda driver binding could not be loaded: " + firstLine(msg);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
