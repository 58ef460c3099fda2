package io.spectro.spark;

import io.spectro.SpectrogramSpec;
import io.spectro.cli.SpecFlags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spec of a clip at the rate it is computed at: from {@code spectro extract}'s spec flags (a preset and
 * overrides; each input's own rate without a preset or with {@code --sample-rate native}), or one spec given as
 * {@code spec.json} (every input resampled to its rate). Thread-safe.
 */
final class RateSpecs {
    /** Parsed flags by flag list: parsing costs picocli tens of milliseconds, and every task of a job needs them. */
    private static final Map<List<String>, RateSpecs> BY_FLAGS = new ConcurrentHashMap<>();

    private final SpecFlags flags;
    private final SpectrogramSpec fixed;

    private RateSpecs(SpecFlags flags, SpectrogramSpec fixed) {
        this.flags = flags;
        this.fixed = fixed;
    }

    /**
     * From {@code spectro extract}'s spec flags (e.g. {@code --preset whisper --n-mels 128}).
     *
     * @throws IllegalArgumentException naming the flag that is unknown, invalid or contradicted
     */
    static RateSpecs ofFlags(List<String> flags) {
        List<String> key = List.copyOf(flags);
        RateSpecs cached = BY_FLAGS.get(key);
        if (cached == null) {
            cached = new RateSpecs(SpecFlags.parse(key), null);
            BY_FLAGS.putIfAbsent(key, cached);
        }
        return cached;
    }

    /** The parsed flags (for the specs of the rates a file holds). */
    SpecFlags flags() {
        return flags;
    }

    /**
     * From one spec in {@code spec.json} form.
     *
     * @throws IllegalArgumentException naming the field that is missing or invalid
     */
    static RateSpecs ofJson(String json) {
        return new RateSpecs(null, SpecFlags.fromJson(json));
    }

    /** The rate every clip is resampled to, or null when each keeps its own. */
    Integer fixedRateHz() {
        return fixed != null ? Integer.valueOf(fixed.sampleRateHz()) : flags.fixedRateHz();
    }

    /**
     * The spec for a clip at {@code rateHz}.
     *
     * @throws IllegalArgumentException when there is none at that rate, naming the flag that prevents it
     */
    SpectrogramSpec specAt(int rateHz) {
        if (fixed == null) {
            return flags.specAt(rateHz);
        }
        if (rateHz != fixed.sampleRateHz()) {
            throw new IllegalArgumentException("the spec is for " + fixed.sampleRateHz() + " Hz, not " + rateHz);
        }
        return fixed;
    }

    /** The spec shown before any clip is read: at the fixed rate, else at the base's rate (preset or librosa). */
    SpectrogramSpec displaySpec() {
        return fixed != null ? fixed : flags.specAt(flags.displayRateHz());
    }
}
