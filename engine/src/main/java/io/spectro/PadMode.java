package io.spectro;

/** How the signal is extended at both ends when frames are centred ({@code center = true}). */
public enum PadMode {
    /** Zeros (librosa's default since 0.10: {@code pad_mode="constant"}). */
    CONSTANT,
    /** Mirror without repeating the edge sample ({@code numpy.pad(mode="reflect")}, torch's default). */
    REFLECT,
    /** Repeat the edge sample ({@code numpy.pad(mode="edge")}, torch's {@code replicate}). */
    EDGE;

    /** Parses {@code constant}, {@code reflect} or {@code edge} (also {@code replicate}), case-insensitively. */
    public static PadMode parse(String s) {
        return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "constant", "zeros", "zero" -> CONSTANT;
            case "reflect" -> REFLECT;
            case "edge", "replicate" -> EDGE;
            default ->
                throw new IllegalArgumentException("padMode = '" + s + "' is not one of constant, reflect, edge");
        };
    }
}
