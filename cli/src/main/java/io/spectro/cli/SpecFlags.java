package io.spectro.cli;

import io.spectro.SpectrogramSpec;
import io.spectro.cli.support.UsageException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The spectrogram flags of {@code spectro extract} ({@code --preset}, {@code --n-mels}, {@code --db}, ...) and its
 * {@code spec.json}, for the other front-ends of the engine (the Spark job and transformer of {@code spectro-spark}),
 * so that each flag is defined once. Add the flags to a picocli command with {@code @Mixin SpecFlags spec;} (same
 * names, checks and help as {@code extract}), or parse them from a list with {@link #parse(List)}.
 *
 * <p>The rules are {@code extract}'s: flags override the preset; without {@code --preset} the base is librosa's
 * defaults at each input's own rate; with one, the preset's rate unless {@code --sample-rate} says otherwise.
 * Not thread-safe while picocli fills it; afterwards {@link #specAt(int)} may be called from any thread.
 */
public final class SpecFlags {
    @ArgGroup(validate = false, heading = SpecOptions.HEADING, order = 2)
    SpecOptions options = new SpecOptions();

    @Spec(Spec.Target.SELF)
    CommandSpec self;

    private SpecsByRate specs;

    /** Flags not given yet: fill them through picocli ({@code @Mixin}), or use {@link #parse(List)}. */
    public SpecFlags() {}

    /**
     * The flags in {@code args} (e.g. {@code ["--preset", "whisper", "--n-mels", "128"]}), checked as a whole.
     *
     * @throws IllegalArgumentException naming the flag when one is unknown, has an invalid value, or they contradict
     *     each other
     */
    public static SpecFlags parse(List<String> args) {
        SpecFlags flags = new SpecFlags();
        try {
            new CommandLine(flags).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        flags.check();
        return flags;
    }

    /**
     * Checks how the flags combine (once, at a representative rate); later calls return at once.
     *
     * @return this
     * @throws IllegalArgumentException naming the flag behind the problem
     */
    public synchronized SpecFlags check() {
        if (specs == null) {
            try {
                specs = new SpecsByRate(options.recipe());
            } catch (UsageException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return this;
    }

    /**
     * The spec flags as given (e.g. {@code ["--preset", "whisper", "--db"]}), in declaration order, for passing them
     * on: {@link #parse(List)} of the result gives the same specs.
     */
    public List<String> args() {
        List<String> args = new ArrayList<>();
        if (self == null) {
            return args;
        }
        for (ArgGroupSpec group : self.argGroups()) {
            for (OptionSpec o : group.options()) {
                for (String value : o.originalStringValues()) {
                    args.add(o.longestName());
                    if (o.arity().max() > 0) {
                        args.add(value);
                    }
                }
            }
        }
        return args;
    }

    /** The rate every input is resampled to (the preset's, or {@code --sample-rate}), or null for each input's own. */
    public Integer fixedRateHz() {
        return check().specs.recipe().fixedRateHz();
    }

    /** The rate a spec is shown at before any input is read: the fixed rate, else the base's (preset or librosa). */
    public int displayRateHz() {
        return check().specs.recipe().displayRateHz();
    }

    /**
     * The spec for inputs at {@code rateHz} (made once per rate).
     *
     * @throws IllegalArgumentException when the flags give no valid spec at that rate, naming the flag (e.g. an
     *     {@code --fmax} above that rate's Nyquist frequency)
     */
    public SpectrogramSpec specAt(int rateHz) {
        SpecsByRate.RateSpec s = check().specs.at(rateHz);
        if (s.error() != null) {
            throw new IllegalArgumentException(s.error());
        }
        return s.spec();
    }

    /** {@code spec.json} text for the specs used, one per rate (as {@code extract} writes it), ending with a newline. */
    public static String toJson(Collection<SpectrogramSpec> specs) {
        return SpecJson.write(specs);
    }

    /**
     * The spec in {@code spec.json} text holding exactly one spec.
     *
     * @throws IllegalArgumentException naming the field that is missing or invalid, or when the text holds the specs
     *     of several rates
     */
    public static SpectrogramSpec fromJson(String json) {
        List<SpectrogramSpec> specs = SpecJson.read(json);
        if (specs.size() != 1) {
            throw new IllegalArgumentException("the spec JSON holds " + specs.size()
                    + " specs (one per sample rate); give the one for the rate wanted");
        }
        return specs.getFirst();
    }
}
