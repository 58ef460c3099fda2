package io.spectro.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

/**
 * JCuda handle classes that expose their native value. JCuda keeps the value in the protected {@code
 * NativePointerObject.getNativePointer()}; a subclass may read it on itself, so these subclasses are passed to the
 * JCuda calls that fill them (cuStreamCreate, cuMemAlloc, cuMemAllocHost) and then report the address. No
 * reflection, no parsing of {@code toString()}.
 */
final class NativeHandles {
    private NativeHandles() {}

    /** A {@code CUstream} whose {@code CUstream_st*} value can be handed to cuFFT's {@code cufftSetStream}. */
    static final class Stream extends CUstream {
        /** The {@code CUstream} (= {@code cudaStream_t}) value; 0 before cuStreamCreate filled it. */
        long address() {
            return getNativePointer();
        }
    }

    /** A {@code CUdeviceptr} whose device address can be written into kernel parameter blocks and given to cuFFT. */
    static final class DevicePointer extends CUdeviceptr {
        /** The device address; 0 before cuMemAlloc filled it. */
        long address() {
            return getNativePointer();
        }
    }

    /**
     * A host {@link Pointer} to a native address: either filled by cuMemAllocHost, or made from the address of an
     * FFM {@link java.lang.foreign.MemorySegment} so JCuda copies from/to that memory directly.
     */
    static final class HostPointer extends Pointer {
        /** Empty, to be filled by cuMemAllocHost. */
        HostPointer() {}

        /** Pointing at {@code address}. */
        HostPointer(long address) {
            super(address);
        }

        /** The host address. */
        long address() {
            return getNativePointer();
        }
    }
}
