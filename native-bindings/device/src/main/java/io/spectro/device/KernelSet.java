package io.spectro.device;

/** The Spectro kernels built for one device and mode; owned by the device (freed with it). */
public interface KernelSet {
    /** The kernel called {@code name}; {@link DeviceException} naming the missing kernel otherwise. */
    Kernel kernel(String name);

    /** Whether the set was built in deterministic mode. */
    boolean deterministic();
}
