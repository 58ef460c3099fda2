package io.spectro.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small, strict parser for one command's options: {@code --name value}, {@code --name=value}, flags without values,
 * positional arguments, and {@code --} to end options. Unknown options, missing values and repeated options are
 * {@link UsageException}s that name the option and say what is valid; {@link #help()} lists every option.
 */
final class ArgParser {
    /** One option: its name (with dashes), metavariable (null for a flag) and one-line help. */
    record Option(String name, String metavar, String help) {
        boolean takesValue() {
            return metavar != null;
        }
    }

    private final String command;
    private final String usage;
    private final String description;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final List<Object> helpLayout = new ArrayList<>();

    /**
     * @param command the command as typed, e.g. {@code spectro extract}
     * @param usage the synopsis after the command, e.g. {@code [options] --out DIR INPUT...}
     * @param description what the command does (shown first by {@code --help})
     */
    ArgParser(String command, String usage, String description) {
        this.command = command;
        this.usage = usage;
        this.description = description;
        flag("--help", "show this help and exit");
    }

    /** Starts a titled group of options in the help text. */
    ArgParser section(String title) {
        helpLayout.add(title);
        return this;
    }

    /** An option without a value. */
    ArgParser flag(String name, String help) {
        return add(new Option(name, null, help));
    }

    /** An option with a value shown as {@code metavar}. */
    ArgParser option(String name, String metavar, String help) {
        return add(new Option(name, metavar, help));
    }

    private ArgParser add(Option o) {
        if (options.putIfAbsent(o.name(), o) != null) {
            throw new IllegalStateException("option " + o.name() + " defined twice");
        }
        if (!o.name().equals("--help")) {
            helpLayout.add(o);
        }
        return this;
    }

    /** The command as typed, for messages. */
    String command() {
        return command;
    }

    /** Parses {@code args}; {@code -h} is {@code --help}. */
    ParsedArgs parse(String[] args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean optionsDone = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (optionsDone || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsDone = true;
                continue;
            }
            if (a.equals("-h")) {
                a = "--help";
            }
            String name = a;
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                name = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            Option o = options.get(name);
            if (o == null) {
                throw new UsageException(unknown(name));
            }
            if (values.containsKey(o.name())) {
                throw new UsageException(o.name() + " is given more than once");
            }
            if (o.takesValue()) {
                String v;
                if (inline != null) {
                    v = inline;
                } else if (i + 1 < args.length) {
                    v = args[++i];
                } else {
                    throw new UsageException(o.name() + " needs a value (" + o.metavar() + ")");
                }
                values.put(o.name(), v);
            } else {
                if (inline != null) {
                    throw new UsageException(o.name() + " takes no value (got '" + inline + "')");
                }
                values.put(o.name(), null);
            }
        }
        return new ParsedArgs(this, values, positional);
    }

    private String unknown(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : options.keySet()) {
            int d = distance(name.toLowerCase(Locale.ROOT), known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        String hint =
                best != null && bestDistance <= Math.max(2, name.length() / 4) ? "; did you mean " + best + "?" : "";
        return "unknown option " + name + " for " + command + hint + " (" + command + " --help lists the options)";
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The help text: synopsis, description and every option with its help. */
    String help() {
        StringBuilder b = new StringBuilder();
        b.append("usage: ").append(command).append(' ').append(usage).append("\n\n");
        b.append(description.strip()).append('\n');
        int width = 0;
        for (Option o : options.values()) {
            width = Math.max(width, label(o).length());
        }
        width = Math.min(width, 28);
        boolean sectionOpen = false;
        for (Object item : helpLayout) {
            if (item instanceof String title) {
                b.append('\n').append(title).append(":\n");
                sectionOpen = true;
            } else {
                if (!sectionOpen) {
                    b.append("\noptions:\n");
                    sectionOpen = true;
                }
                appendOption(b, (Option) item, width);
            }
        }
        appendOption(b, options.get("--help"), width);
        return b.toString();
    }

    private static String label(Option o) {
        return o.takesValue() ? o.name() + " " + o.metavar() : o.name();
    }

    private static void appendOption(StringBuilder b, Option o, int width) {
        String label = label(o);
        b.append("  ").append(label);
        String indent = " ".repeat(width + 4);
        if (label.length() > width) {
            b.append('\n').append(indent);
        } else {
            b.append(" ".repeat(width - label.length() + 2));
        }
        String[] lines = o.help().split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append(indent);
            }
            b.append(lines[i]).append('\n');
        }
    }
}
