package io.spectro.device;

/** A kernel of a loaded {@link KernelSet}, launched with {@link ComputeDevice#launch}. */
public interface Kernel {
    /** The kernel's name in the shared source. */
    String name();
}
