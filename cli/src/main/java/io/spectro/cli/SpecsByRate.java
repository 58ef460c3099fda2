package io.spectro.cli;

import io.spectro.SpectrogramSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * The spec of a run at each sample rate its inputs use, made once per rate from the {@link SpecRecipe} (inputs keep
 * their own rates unless a fixed rate is asked for). Thread-safe.
 */
final class SpecsByRate {
    /**
     * The spec at one rate, or why the flags give none there.
     *
     * @param spec the spec, or null
     * @param error the reason, naming the flag, or null
     */
    record RateSpec(SpectrogramSpec spec, String error) {}

    private final SpecRecipe recipe;
    private final Map<Integer, RateSpec> byRate = new HashMap<>();

    SpecsByRate(SpecRecipe recipe) {
        this.recipe = recipe;
    }

    /** The spec at {@code rateHz}, or the message saying why the flags give none there. */
    synchronized RateSpec at(int rateHz) {
        return byRate.computeIfAbsent(rateHz, r -> {
            try {
                return new RateSpec(recipe.build(r), null);
            } catch (IllegalArgumentException e) {
                return new RateSpec(
                        null, "no valid spectrogram at " + r + " Hz: " + SpecRecipe.withFlag(e.getMessage()));
            }
        });
    }

    /** The spec at {@code rateHz}, or null when the flags give none there. */
    SpectrogramSpec specAt(int rateHz) {
        return at(rateHz).spec();
    }

    /** The recipe the specs come from. */
    SpecRecipe recipe() {
        return recipe;
    }
}
