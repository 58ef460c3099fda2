package io.spectro.dsp;

import io.spectro.LogScale;

/**
 * Which per-value log stage a spec applies (its constants are in {@link SpecTables#logA()}, {@link SpecTables#logB()}
 * and {@link SpecTables#logC()}); {@link ReferencePipeline#log} defines each one.
 */
public enum LogKind {
    /** No log stage: values pass through. */
    NONE,
    /** Decibels ({@link LogScale.Db}): {@code a * log10(max(x, b)) - c}. */
    DB,
    /** Natural log ({@link LogScale.Ln}): {@code log(max(x + a, b))}. */
    LN,
    /** Base-10 log ({@link LogScale.Log10}): {@code log10(max(x, b))}. */
    LOG10;

    /** The kind of {@code log}, or {@link #NONE} when {@code log} is null. */
    public static LogKind of(LogScale log) {
        if (log == null) {
            return NONE;
        }
        return switch (log) {
            case LogScale.Db _ -> DB;
            case LogScale.Ln _ -> LN;
            case LogScale.Log10 _ -> LOG10;
        };
    }
}
