package io.spectro.cuda;

import io.spectro.device.DeviceException;
import io.spectro.device.Kernel;
import io.spectro.device.KernelSet;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/** The Spectro kernels of one fatbin loaded as a {@code CUmodule}; owned and unloaded by its {@link CudaDevice}. */
final class CudaKernelSet implements KernelSet {
    /** A kernel: its {@code CUfunction} and the set it came from. */
    record CudaKernel(String name, CUfunction function, CudaKernelSet owner) implements Kernel {
        @Override
        public String toString() {
            return "CudaKernel[" + name + (owner.deterministic ? ", deterministic" : "") + "]";
        }
    }

    final CudaDevice device;
    final CUmodule module;
    private final boolean deterministic;
    final long trackerId;
    private final Map<String, CudaKernel> kernels = new HashMap<>();

    CudaKernelSet(CudaDevice device, CUmodule module, boolean deterministic, long trackerId) {
        this.device = device;
        this.module = module;
        this.deterministic = deterministic;
        this.trackerId = trackerId;
    }

    @Override
    public Kernel kernel(String name) {
        synchronized (device) {
            CudaKernel k = kernels.get(name);
            if (k != null) {
                return k;
            }
            device.bind();
            CUfunction f = new CUfunction();
            int rc = JCudaDriver.cuModuleGetFunction(f, module, name);
            if (rc == CUresult.CUDA_ERROR_NOT_FOUND) {
                throw new DeviceException("cuModuleGetFunction: CUDA_ERROR_NOT_FOUND: no kernel '" + name + "' in the "
                        + (deterministic ? "deterministic" : "fast") + " CUDA kernels (spectro.kern)");
            }
            CudaStatus.check("cuModuleGetFunction(" + name + ")", rc);
            k = new CudaKernel(name, f, this);
            kernels.put(name, k);
            return k;
        }
    }

    @Override
    public boolean deterministic() {
        return deterministic;
    }
}
