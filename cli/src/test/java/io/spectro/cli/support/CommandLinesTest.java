package io.spectro.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Exit statuses and one-line errors of a command run through {@link CommandLines}. */
class CommandLinesTest {
    /** Does what {@code --do} says. */
    @Command(name = "tool")
    static final class Tool implements Callable<Integer> {
        @Option(names = "--do", converter = Action.class, completionCandidates = Action.class)
        String action = "ok";

        @Option(names = "--count", converter = Count.class)
        int count;

        @Option(names = "--ratio", converter = Ratio.class)
        double ratio;

        @Option(names = "--list", split = ",", converter = Count.class)
        List<Integer> list = new ArrayList<>();

        @Parameters(paramLabel = "FILE")
        List<String> files = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return switch (action) {
                case "usage" -> throw new UsageException("--do usage needs something else");
                case "io" -> throw new IOException("disk full");
                case "bug" -> throw new NullPointerException("a bug");
                default -> CommandLines.OK;
            };
        }
    }

    static final class Action extends Choice<String> {
        Action() {
            super(List.of("ok", "usage", "io", "bug"));
        }
    }

    static final class Count extends IntRange {
        Count() {
            super(1, 10);
        }
    }

    static final class Ratio extends NumberRange {
        Ratio() {
            super(0, false, 1);
        }
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            status = CommandLines.execute(new CommandLine(new Tool()), "tool", po, pe, args);
        }
        return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exitStatusesFollowWhatWentWrong() {
        assertEquals(new Run(0, "", ""), run("a", "b"));
        assertEquals(new Run(2, "", "tool: --do usage needs something else\n"), run("--do", "usage"));
        assertEquals(new Run(1, "", "tool: disk full\n"), run("--do", "io"));
        Run bug = run("--do", "bug");
        assertEquals(1, bug.status());
        assertTrue(bug.err().startsWith("tool: a bug\njava.lang.NullPointerException: a bug\n"), bug.err());
    }

    @Test
    void badCommandLinesAreOneLineWithStatusTwo() {
        assertEquals(new Run(2, "", "tool: --do: 'FLY' is not one of ok, usage, io, bug\n"), run("--do", "FLY"));
        assertEquals(new Run(0, "", ""), run("--do", "OK"));
        assertEquals(
                "tool: --count: 11 is out of range (valid: an integer from 1 to 10)\n",
                run("--count", "11").err());
        assertEquals(
                "tool: --count: '1.5' is not an integer (valid: an integer from 1 to 10)\n",
                run("--count", "1.5").err());
        assertEquals(
                "tool: --ratio: 1.5 is out of range (valid: a number >= 0 and <= 1)\n",
                run("--ratio", "1.5").err());
        assertEquals(
                "tool: --ratio: 'half' is not a number (valid: a number >= 0 and <= 1)\n",
                run("--ratio", "half").err());
        assertEquals(
                "tool: --list: 0 is out of range (valid: an integer from 1 to 10)\n",
                run("--list", "1,0").err());
        assertEquals(new Run(0, "", ""), run("--list", "1,2", "--list", "3"), "lists may be given again");
        assertEquals(
                "tool: --count is given more than once\n",
                run("--count", "1", "--count", "2").err());
        assertEquals("tool: --count needs a value (<count>)\n", run("--count").err());
        assertEquals(
                "tool: unknown option --cont for tool; did you mean --count? (tool --help lists the options)\n",
                run("--cont", "3").err());
    }
}
