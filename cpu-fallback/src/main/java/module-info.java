/**
 * The pure-Java CPU backend ({@code cpu}), always available: SIMD across frames with the Vector API when the
 * {@code jdk.incubator.vector} module is present ({@code --add-modules jdk.incubator.vector}), the scalar reference
 * pipeline (same bits, slower) otherwise. {@link io.spectro.cpu.RealFftBatch} is the batched real FFT on its own.
 */
module io.spectro.cpu {
    requires transitive io.spectro;
    requires static jdk.incubator.vector;

    exports io.spectro.cpu;

    provides io.spectro.spi.BackendProvider with
            io.spectro.cpu.CpuBackendProvider;
}
