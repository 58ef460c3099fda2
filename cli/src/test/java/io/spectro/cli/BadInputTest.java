package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.cli.support.Choice;
import io.spectro.cli.support.IntRange;
import io.spectro.cli.support.NumberRange;
import io.spectro.io.Npy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Bad input as a new user gives it. Every option of {@code extract} and {@code demo} that takes a checked value (a
 * range, a choice or a pattern), read from the commands themselves so that a new option is covered when it is added,
 * refuses a bad value with exit status 2 and one line naming the option, the value and what is valid. Outputs that
 * cannot be written (a file where the output folder must be) and two inputs that map to one output name fail those
 * inputs, each named with the reason, while the others are written.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    /** Each checked option of each command, with bad values for its converter. */
    static Stream<Arguments> badValues() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        List<Arguments> cases = new ArrayList<>();
        for (Object command : List.of(new ExtractCommand(nowhere, nowhere), new DemoCommand(nowhere, nowhere))) {
            CommandLine cl = new CommandLine(command);
            String name = cl.getCommandName();
            for (OptionSpec o : cl.getCommandSpec().options()) {
                ITypeConverter<?>[] converters = o.converters();
                if (converters.length == 0) {
                    continue;
                }
                ITypeConverter<?> c = converters[0];
                List<String> values = c instanceof IntRange
                        ? List.of("abc", "-1", "99999999999", "1.5")
                        : c instanceof NumberRange ? List.of("abc", "NaN", "-1e309") : List.of("bogus", "-1", "");
                if (c instanceof Choice<?>) {
                    values = List.of("bogus", "");
                }
                for (String v : values) {
                    if (accepts(c, v)) {
                        continue; // e.g. -1 where negative values are valid
                    }
                    cases.add(Arguments.of(name, o.longestName(), v));
                }
            }
        }
        return cases.stream();
    }

    private static boolean accepts(ITypeConverter<?> c, String v) {
        try {
            c.convert(v);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0} {1} ''{2}''")
    @MethodSource("badValues")
    void badValueExitsTwoWithOneLineNamingFlagValueAndValidRange(String command, String flag, String value) {
        CliRun r =
                CliRun.of(command, flag + "=" + value, "--out", tmp.resolve("o").toString(), "in.wav");
        assertEquals(2, r.status(), r.toString());
        assertEquals("", r.out(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("spectro: " + flag + ": "), "names the flag: " + line);
        assertTrue(
                line.contains("'" + value + "'") || line.contains(": " + value.strip() + " "),
                "names the value: " + line);
        assertTrue(line.contains("(valid: ") || line.contains(" is not one of "), "says what is valid: " + line);
        assertFalse(Files.exists(tmp.resolve("o")), "nothing is written for a bad command line");
    }

    @Test
    void aFileWhereAnOutputFolderMustBeFailsThoseInputsOnly() throws IOException {
        Path data = tmp.resolve("data");
        wav(data.resolve("cat/a.wav"), 1);
        wav(data.resolve("dog/b.wav"), 2);
        wav(data.resolve("dog/c.wav"), 3);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("dog"), "a file where the folder dog/ must go");
        CliRun r = extract(out, data.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().contains("done: 1 of 3 ok, 2 failed"), r.toString());
        for (String f : List.of("dog/b.wav", "dog/c.wav")) {
            String line = failedLine(r, data.resolve(f));
            assertTrue(
                    line.contains("could not write")
                            && line.contains(out.resolve("dog").toString()),
                    line);
        }
        assertTrue(Files.isRegularFile(out.resolve("cat/a.npy")));
        assertEquals(List.of(), ChildJvm.filesEndingWith(tmp, AtomicFiles.TEMP_SUFFIX));
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsOneLineAndExitsTwo() throws IOException {
        Path data = tmp.resolve("data");
        wav(data.resolve("a.wav"), 1);
        Path file = tmp.resolve("file");
        Files.writeString(file, "x");
        CliRun isFile = extract(file, data.toString());
        assertEquals(2, isFile.status(), isFile.toString());
        assertEquals("spectro: --out: " + file + " exists and is not a folder\n", isFile.err());
        CliRun below = extract(file.resolve("sub"), data.toString());
        assertEquals(2, below.status(), below.toString());
        assertEquals(
                "spectro: --out: cannot create the folder " + file.resolve("sub") + " (Not a directory)\n",
                below.err());
    }

    @Test
    void twoInputsForOneOutputNameFailTheSecondWithBothNamed() throws IOException {
        Path data = tmp.resolve("data");
        wav(data.resolve("a.wav"), 1);
        wav(data.resolve("b.wav"), 3);
        float[] wave = TestAudio.monoOf(TestAudio.pcm16(8000, 1, 4), 1);
        try (OutputStream o = Files.newOutputStream(data.resolve("a.npy"))) {
            Npy.write(o, wave, 0, wave.length, wave.length);
        }
        Path out = tmp.resolve("out");
        CliRun r = extract(
                out,
                data.resolve("a.wav").toString(),
                data.resolve("a.npy").toString(),
                data.resolve("b.wav").toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.out().contains("done: 2 of 3 ok, 1 failed"), r.toString());
        String line = failedLine(r, data.resolve("a.npy"));
        assertTrue(line.contains("output a.npy is already written for " + data.resolve("a.wav")), line);
        assertTrue(line.contains("rename one of them"), line);
    }

    private CliRun extract(Path out, String... inputs) {
        List<String> args =
                new ArrayList<>(List.of("extract", "--backend", "cpu", "--preset", "whisper", "--out", out.toString()));
        args.addAll(List.of(inputs));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String failedLine(CliRun r, Path source) {
        return r.out()
                .lines()
                .filter(l -> l.strip().startsWith("FAILED " + source + ": "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(source + " is not reported as failed:\n" + r));
    }

    private static void wav(Path f, long seed) throws IOException {
        TestAudio.writeWav16(f, 16000, 1, TestAudio.pcm16(8000, 1, seed));
    }
}
