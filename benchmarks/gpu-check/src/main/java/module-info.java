/**
 * The Java steps of Spectro's GPU check bundle ({@code benchmarks/gpu-check.sh --bundle DIR}, run as {@code
 * DIR/gpu-check}): the backend probe, the conformance suites run through the JUnit Platform launcher, the large-batch
 * exactness check of a device backend against the CPU backend, and the report that gathers every step (and the
 * benchmark harness's rows) into one JSON and one table. Runs on the class path from the bundle.
 */
module io.spectro.gpucheck {
    requires io.spectro;
    requires io.spectro.conformance;
    requires io.spectro.cli;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires org.junit.platform.launcher;

    // picocli sets the option fields by reflection; Jackson reads and writes the step records.
    opens io.spectro.gpucheck to
            info.picocli,
            com.fasterxml.jackson.databind;
}
