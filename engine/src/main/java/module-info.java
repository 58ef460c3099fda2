/**
 * Spectro's engine: the public API ({@code io.spectro}: specs, presets, plans, results, backend selection), the backend
 * SPI ({@code io.spectro.spi}) and the host maths written once for every backend ({@code io.spectro.dsp}, exported
 * only to the project's backends and tools). Depends on {@code java.base} only; backends are found with
 * {@link java.util.ServiceLoader}.
 */
module io.spectro {
    exports io.spectro;
    exports io.spectro.spi;
    exports io.spectro.dsp to
            io.spectro.cpu,
            io.spectro.device,
            io.spectro.opencl,
            io.spectro.cuda,
            io.spectro.conformance,
            io.spectro.cli,
            io.spectro.bench;

    uses io.spectro.spi.BackendProvider;
}
