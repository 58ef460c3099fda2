/**
 * The {@code spectro} command line ({@code demo}, {@code devices}, {@code extract}, {@code completion}) and the
 * conventions it shares with the benchmark harness ({@code io.spectro.cli.support}: exit codes, one-line errors,
 * converters naming the valid values).
 */
module io.spectro.cli {
    requires io.spectro;
    requires io.spectro.audio;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires java.logging;

    exports io.spectro.cli.support to
            io.spectro.bench,
            io.spectro.gpucheck;

    // picocli instantiates the commands and converters and sets their fields by reflection.
    opens io.spectro.cli to
            info.picocli;
    opens io.spectro.cli.support to
            info.picocli;
}
