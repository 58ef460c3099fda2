package io.spectro.spi;

/**
 * One compute device as listed by {@code spectro devices}.
 *
 * @param index the index used to select it ({@code --device 0})
 * @param platform the platform or driver (e.g. "Portable Computing Language", "CUDA 12.4")
 * @param name the device name
 * @param type CPU, GPU, ACCELERATOR, ...
 * @param computeUnits compute units (OpenCL) or multiprocessors (CUDA)
 * @param memoryBytes global memory in bytes
 * @param usable whether Spectro can run on it
 * @param note why it cannot be used, or extra facts (e.g. "fp64, max work-group 4096")
 */
public record DeviceInfo(
        int index,
        String platform,
        String name,
        String type,
        int computeUnits,
        long memoryBytes,
        boolean usable,
        String note) {

    /** A one-line description for listings. */
    public String describe() {
        return "[" + index + "] " + name + " (" + type + ", " + computeUnits + " CU, " + (memoryBytes >> 20) + " MiB, "
                + platform + ")" + (usable ? "" : " unusable") + (note == null || note.isEmpty() ? "" : ": " + note);
    }
}
