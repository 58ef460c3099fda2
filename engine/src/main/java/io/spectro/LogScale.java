package io.spectro;

import static io.spectro.Validation.require;

/**
 * The log stage applied to the spectrum or mel spectrum. Every variant is computed per clip; the stages that clamp
 * relative to the maximum ({@code topDb}, {@code clampRange}) use the maximum over that clip's whole output. Each
 * variant checks its ranges on construction.
 */
public sealed interface LogScale permits LogScale.Db, LogScale.Ln, LogScale.Log10 {

    /**
     * Decibels: {@code multiplier * log10(max(x, amin)) - multiplier * log10(max(ref, amin))}, then, when {@code topDb}
     * is not NaN, {@code max(db, maxOverClip(db) - topDb)} (librosa {@code power_to_db}, torchaudio {@code
     * AmplitudeToDB}).
     *
     * @param multiplier 10 for power input, 20 for magnitude input (finite, non-zero)
     * @param amin floor applied before the log ({@code > 0})
     * @param ref reference value mapped to 0 dB ({@code > 0})
     * @param topDb dynamic range below the clip maximum that is kept ({@code >= 0}), or NaN for none
     */
    record Db(double multiplier, double amin, double ref, double topDb) implements LogScale {
        /** Checks every range; see the record description. */
        public Db {
            require(
                    Double.isFinite(multiplier) && multiplier != 0,
                    "dbMultiplier",
                    multiplier,
                    "finite and non-zero (10 for power, 20 for magnitude)");
            require(amin > 0 && Double.isFinite(amin), "amin", amin, "> 0");
            require(ref > 0 && Double.isFinite(ref), "ref", ref, "> 0");
            require(
                    Double.isNaN(topDb) || (topDb >= 0 && Double.isFinite(topDb)),
                    "topDb",
                    topDb,
                    ">= 0, or NaN for none");
        }

        /** librosa's {@code power_to_db} defaults: multiplier 10, amin 1e-10, ref 1, topDb 80. */
        public static Db librosa() {
            return new Db(10.0, 1e-10, 1.0, 80.0);
        }

        /** Power dB without a top-dB clamp (torchaudio {@code AmplitudeToDB()} defaults). */
        public static Db power() {
            return new Db(10.0, 1e-10, 1.0, Double.NaN);
        }

        /** Whether a top-dB clamp is applied. */
        public boolean hasTopDb() {
            return !Double.isNaN(topDb);
        }
    }

    /**
     * Natural log: {@code ln(max(x + offset, floor))}. Kaldi fbank: offset 0, floor {@code FLT_EPSILON}; a common
     * "log-mel" is offset 1e-6, floor 0.
     *
     * @param offset added before the log ({@code >= 0})
     * @param floor lower clamp before the log ({@code >= 0}); with offset and floor both 0, zeros give {@code -inf}
     */
    record Ln(double offset, double floor) implements LogScale {
        /** Checks both ranges. */
        public Ln {
            require(Double.isFinite(offset) && offset >= 0, "logOffset", offset, ">= 0");
            require(Double.isFinite(floor) && floor >= 0, "logFloor", floor, ">= 0");
        }

        /** Kaldi's floor: {@code max(x, FLT_EPSILON)} with FLT_EPSILON = 1.1920929e-07. */
        public static Ln kaldi() {
            return new Ln(0.0, Math.ulp(1.0f));
        }
    }

    /**
     * Base-10 log with optional clamp and affine map: {@code y = log10(max(x, amin))}; when {@code clampRange} is not
     * NaN, {@code y = max(y, maxOverClip(y) - clampRange)}; then {@code (y + add) * scale}. Whisper: amin 1e-10,
     * clampRange 8, add 4, scale 0.25.
     *
     * @param amin floor before the log ({@code > 0})
     * @param clampRange range below the clip maximum that is kept ({@code >= 0}), or NaN for none
     * @param add added after the clamp (finite)
     * @param scale multiplied last (finite)
     */
    record Log10(double amin, double clampRange, double add, double scale) implements LogScale {
        /** Checks every range; see the record description. */
        public Log10 {
            require(amin > 0 && Double.isFinite(amin), "amin", amin, "> 0");
            require(
                    Double.isNaN(clampRange) || (clampRange >= 0 && Double.isFinite(clampRange)),
                    "clampRange",
                    clampRange,
                    ">= 0, or NaN for none");
            require(Double.isFinite(add), "logAdd", add, "finite");
            require(Double.isFinite(scale), "logScale", scale, "finite");
        }

        /** {@code log10(max(x, amin))} with no clamp and no affine map. */
        public static Log10 of(double amin) {
            return new Log10(amin, Double.NaN, 0.0, 1.0);
        }

        /** Whisper's log-mel normalisation: {@code (max(y, max(y) - 8) + 4) / 4} with {@code y = log10(max(x, 1e-10))}. */
        public static Log10 whisper() {
            return new Log10(1e-10, 8.0, 4.0, 0.25);
        }

        /** Whether a clamp relative to the clip maximum is applied. */
        public boolean hasClamp() {
            return !Double.isNaN(clampRange);
        }
    }

    /** Whether this stage needs the maximum over the clip (a second pass). */
    default boolean needsClipMax() {
        return switch (this) {
            case Db db -> db.hasTopDb();
            case Ln ln -> false;
            case Log10 l -> l.hasClamp();
        };
    }
}
