package io.spectro.cli;

import io.spectro.LogScale;
import io.spectro.SpectrogramSpec;
import java.util.Locale;

/**
 * The {@code spec.json} written beside extracted datasets: every field of a {@link SpectrogramSpec}, from its public
 * accessors. Moved here unchanged from the engine (which no longer serialises specs) so that the files stay the same.
 */
final class SpecJson {
    private SpecJson() {}

    /** A JSON object describing every field of {@code spec}. */
    static String toJson(SpectrogramSpec spec) {
        StringBuilder b = new StringBuilder("{\n");
        field(b, "sample_rate_hz", spec.sampleRateHz());
        field(b, "n_fft", spec.nFft());
        field(b, "win_length", spec.winLength());
        field(b, "hop_length", spec.hopLength());
        field(b, "window", quote(spec.window().type().name().toLowerCase(Locale.ROOT)));
        field(b, "window_periodic", spec.window().periodic());
        field(b, "center", spec.center());
        field(b, "pad_mode", quote(spec.padMode().name().toLowerCase(Locale.ROOT)));
        field(b, "frame_mode", quote(spec.frameMode().name().toLowerCase(Locale.ROOT)));
        field(b, "preemphasis", num(spec.preemphasis()));
        field(b, "remove_dc_offset", spec.removeDcOffset());
        field(b, "spectrum", quote(spec.spectrum().name().toLowerCase(Locale.ROOT)));
        field(b, "power", num(spec.power()));
        var mel = spec.mel();
        if (mel != null) {
            field(
                    b,
                    "mel",
                    "{\"n_mels\": " + mel.nMels() + ", \"fmin_hz\": " + num(mel.fminHz()) + ", \"fmax_hz\": "
                            + num(spec.fmaxHz()) + ", \"scale\": "
                            + quote(mel.scale().name().toLowerCase(Locale.ROOT))
                            + ", \"norm\": " + quote(mel.norm().name().toLowerCase(Locale.ROOT)) + "}");
        } else {
            field(b, "mel", "null");
        }
        field(b, "log", spec.log() == null ? "null" : logJson(spec.log()));
        var mfcc = spec.mfcc();
        field(
                b,
                "mfcc",
                mfcc == null ? "null" : "{\"n_mfcc\": " + mfcc.nMfcc() + ", \"lifter\": " + num(mfcc.lifter()) + "}");
        field(b, "delta_order", spec.deltaOrder());
        field(b, "delta_width", spec.deltaWidth());
        field(b, "drop_last_frames", spec.dropLastFrames());
        field(b, "deterministic", spec.deterministic());
        field(b, "output_features", spec.featureCount());
        b.setLength(b.length() - 2);
        return b.append("\n}\n").toString();
    }

    private static String logJson(LogScale log) {
        return switch (log) {
            case LogScale.Db d ->
                "{\"type\": \"db\", \"multiplier\": " + num(d.multiplier()) + ", \"amin\": " + num(d.amin())
                        + ", \"ref\": " + num(d.ref()) + ", \"top_db\": " + num(d.topDb()) + "}";
            case LogScale.Ln l ->
                "{\"type\": \"ln\", \"offset\": " + num(l.offset()) + ", \"floor\": " + num(l.floor()) + "}";
            case LogScale.Log10 l ->
                "{\"type\": \"log10\", \"amin\": " + num(l.amin()) + ", \"clamp_range\": " + num(l.clampRange())
                        + ", \"add\": " + num(l.add()) + ", \"scale\": " + num(l.scale()) + "}";
        };
    }

    private static void field(StringBuilder b, String name, Object value) {
        b.append("  \"").append(name).append("\": ").append(value).append(",\n");
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String num(double v) {
        return Double.isNaN(v)
                ? "null"
                : (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
    }
}
