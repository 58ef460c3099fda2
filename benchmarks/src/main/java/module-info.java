/**
 * Spectro's benchmarks: the JMH benchmarks and the harness behind {@code ./spectro bench} (JMH rows beside the
 * torchaudio, pocketfft and JTransforms anchors, in one table). Runs from the shaded {@code benchmarks.jar}.
 */
module io.spectro.bench {
    requires io.spectro;
    requires io.spectro.cpu;
    requires io.spectro.device;
    requires io.spectro.cli;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires jmh.core;
    requires JTransforms;
    requires JLargeArrays;
    requires java.management;
    requires jdk.management;
    requires static jdk.incubator.vector;

    // picocli sets the option fields by reflection; Jackson serialises the result rows; JMH runs the benchmarks.
    opens io.spectro.bench to
            info.picocli,
            com.fasterxml.jackson.databind,
            jmh.core;
}
