package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spectro completion bash}: a script that bash runs to complete commands, options and their valid values. */
class CompletionTest {
    @TempDir
    Path tmp;

    @Test
    void scriptNamesEveryCommandAndRegistersItself() {
        CliRun r = CliRun.of("completion", "bash");
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err());
        assertTrue(r.out().contains("complete -F _complete_spectro") && r.out().contains(" spectro"), r.out());
        for (String s : List.of("demo", "devices", "extract", "completion", "--n-fft", "--backend")) {
            assertTrue(r.out().contains(s), s);
        }
    }

    /** What bash completes after {@code words} (the last one being completed), with the script sourced. */
    private List<String> complete(String... words) throws IOException, InterruptedException {
        Path script = tmp.resolve("spectro-completion.bash");
        Files.writeString(script, CliRun.of("completion", "bash").out());
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        // compopt only works while bash itself is completing: a no-op here.
        String program = "source '" + script + "'\ncompopt() { :; }\n"
                + "COMP_WORDS=(spectro" + array + ")\n"
                + "COMP_CWORD=" + words.length + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_spectro spectro '" + words[words.length - 1] + "'\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return Arrays.stream(output.split("\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .sorted()
                .toList();
    }

    @Test
    void bashCompletesCommandsOptionsAndChoices() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed here");
        assertEquals(List.of("demo", "devices"), complete("de"));
        assertEquals(List.of("--win-length", "--window"), complete("extract", "--win"));
        assertEquals(List.of("hamming", "hann"), complete("extract", "--window", "ha"));
        assertEquals(List.of("htk"), complete("extract", "--mel-scale", "h"));
        assertEquals(List.of("whisper", "whisper-hf", "whisper-large-v3"), complete("extract", "--preset", "wh"));
        assertEquals(List.of("nemo", "nemo-128"), complete("extract", "--preset", "ne"));
        assertEquals(List.of("bash"), complete("completion", "b"));
        // Each choice completes its own values (the script keys them by the value's label).
        assertEquals(List.of("magma"), complete("extract", "--colormap", "m"));
        assertEquals(List.of("cpu", "cuda"), complete("extract", "--backend", "c"));
        assertEquals(List.of("kaiser"), complete("extract", "--resampler", "k"));
        assertEquals(List.of("npy", "npz"), complete("extract", "--format", "n"));
    }
}
