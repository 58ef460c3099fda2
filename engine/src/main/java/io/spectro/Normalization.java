package io.spectro;

import static io.spectro.Validation.require;

/**
 * Mean and variance normalisation of the features, applied per clip after the log stage and the MFCC stage and before
 * the deltas (as Kaldi's {@code apply-cmvn} before {@code add-deltas}, and as NeMo's {@code normalize_batch}). Every
 * variant maps a value {@code x} to {@code (x - mean) / scale}; they differ in where {@code mean} and {@code scale}
 * come from. {@link io.spectro.dsp.ReferencePipeline} defines the exact float operations. Part of a {@link
 * SpectrogramSpec} ({@link SpectrogramSpec#normalization()}, null for none); needs spectrum POWER.
 */
public sealed interface Normalization
        permits Normalization.PerFeature, Normalization.PerUtterance, Normalization.Fixed {

    /**
     * Per feature row (per mel bin) over the clip's frames: {@code mean_r} and standard deviation {@code std_r} of row
     * {@code r}, then {@code (x - mean_r) / (std_r + epsilon)} (NeMo {@code normalize="per_feature"}). The standard
     * deviation divides the sum of squared deviations by {@code n - 1} (Bessel's correction) or {@code n}; a row of
     * one frame with Bessel's correction has standard deviation 0 (NeMo fills its NaN with 0).
     *
     * @param epsilon added to the standard deviation, {@code >= 0} and finite (NeMo: 1e-5)
     * @param bessel divide by {@code n - 1} (true, as torch {@code std}) or by {@code n}
     */
    record PerFeature(double epsilon, boolean bessel) implements Normalization {
        /** Checks the range of {@code epsilon}. */
        public PerFeature {
            checkEpsilon(epsilon);
        }

        /** NeMo's {@code per_feature}: Bessel's correction, 1e-5 added to the standard deviation. */
        public static PerFeature nemo() {
            return new PerFeature(NEMO_EPSILON, true);
        }
    }

    /**
     * Over every value of the clip (all features, all frames) at once: one mean and one standard deviation per clip,
     * then {@code (x - mean) / (std + epsilon)} (NeMo {@code normalize="all_features"}). Bessel's correction and a
     * single value as in {@link PerFeature}.
     *
     * @param epsilon added to the standard deviation, {@code >= 0} and finite (NeMo: 1e-5)
     * @param bessel divide by {@code n - 1} (true) or by {@code n}
     */
    record PerUtterance(double epsilon, boolean bessel) implements Normalization {
        /** Checks the range of {@code epsilon}. */
        public PerUtterance {
            checkEpsilon(epsilon);
        }

        /** NeMo's {@code all_features}: Bessel's correction, 1e-5 added to the standard deviation. */
        public static PerUtterance nemo() {
            return new PerUtterance(NEMO_EPSILON, true);
        }
    }

    /**
     * Dataset statistics fixed in advance: {@code (x - mean) / std} for every value (the Audio Spectrogram
     * Transformer's AudioSet normalisation is mean -4.2677393, std 2 * 4.5689974).
     *
     * @param mean subtracted from every value (finite)
     * @param std every value is divided by it (finite, non-zero)
     */
    record Fixed(double mean, double std) implements Normalization {
        /** Checks that both are finite and {@code std} is not zero. */
        public Fixed {
            require(Double.isFinite(mean), "normMean", mean, "finite");
            require(Double.isFinite(std) && std != 0, "normStd", std, "finite and non-zero");
        }

        /**
         * Hugging Face {@code ASTFeatureExtractor}'s AudioSet statistics: {@code (x - (-4.2677393)) / (4.5689974 *
         * 2)}.
         */
        public static Fixed audioSet() {
            return new Fixed(-4.2677393, 4.5689974 * 2);
        }
    }

    /** NeMo's {@code CONSTANT}, added to the standard deviation so that it is never zero. */
    double NEMO_EPSILON = 1e-5;

    private static void checkEpsilon(double epsilon) {
        require(Double.isFinite(epsilon) && epsilon >= 0, "normEpsilon", epsilon, ">= 0 and finite");
    }
}
