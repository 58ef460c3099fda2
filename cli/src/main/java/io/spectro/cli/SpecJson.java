package io.spectro.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spectro.FixedLength;
import io.spectro.FrameMode;
import io.spectro.LogScale;
import io.spectro.MelNorm;
import io.spectro.MelOptions;
import io.spectro.MelScale;
import io.spectro.MfccOptions;
import io.spectro.Normalization;
import io.spectro.PadMode;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.Window;
import io.spectro.WindowType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code spec.json}: a {@link SpectrogramSpec} as a JSON object and back. The object is built from the spec's public
 * accessors and read back through {@link SpectrogramSpec#builder()}, so reading what was written gives an equal spec.
 *
 * <p>Fields, snake_case: {@code sample_rate_hz, n_fft, win_length, hop_length, window} (lower-case {@link WindowType}),
 * {@code window_periodic}, {@code window_coefficients} (custom windows only), {@code center, pad_mode, frame_mode,
 * preemphasis, remove_dc_offset, spectrum, power}, {@code mel} (null, or {@code n_mels, fmin_hz, fmax_hz} (in Hz,
 * Nyquist resolved), {@code fmax_nyquist} (whether fmax follows the rate), {@code scale, norm}), {@code log} (null,
 * or {@code type} db with {@code multiplier, amin, ref, top_db}; ln with {@code offset, floor}; log10 with {@code amin,
 * clamp_range, add, scale}; a NaN "none" is null), {@code mfcc} (null, or {@code n_mfcc, lifter}), {@code
 * normalization} (null, or {@code type} per_feature or per_utterance with {@code epsilon, bessel}; fixed with {@code
 * mean, std}), {@code delta_order, delta_width, drop_last_frames, input_scale}, {@code fixed_length} ({@code samples,
 * frames, pad_value}; 0 = not fixed), {@code deterministic} and {@code output_features} (derived; not read). Files
 * written before {@code fmax_nyquist} existed read as an explicit fmax; files without {@code input_scale}, {@code
 * normalization} or {@code fixed_length} (written before those stages existed) read as scale 1, none and none.
 *
 * <p>A folder of inputs at several native rates has one spec per rate: {@code {"sample_rate": "native", "specs":
 * [...]}}.
 */
final class SpecJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Two-space indents, {@code "name": value}: as people write JSON (and as spec.json always looked). */
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withRootSeparator(""))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private SpecJson() {}

    /** The spec as a JSON object (field by field, see the class description). */
    static ObjectNode toTree(SpectrogramSpec s) {
        ObjectNode n = NODES.objectNode();
        n.put("sample_rate_hz", s.sampleRateHz());
        n.put("n_fft", s.nFft());
        n.put("win_length", s.winLength());
        n.put("hop_length", s.hopLength());
        Window w = s.window();
        n.put("window", name(w.type()));
        n.put("window_periodic", w.periodic());
        if (w.type() == WindowType.CUSTOM) {
            ArrayNode c = n.putArray("window_coefficients");
            // Widened to double: printed and parsed back as a double, each is exactly the float it was.
            for (float v : w.coefficients()) {
                c.add((double) v);
            }
        }
        n.put("center", s.center());
        n.put("pad_mode", name(s.padMode()));
        n.put("frame_mode", name(s.frameMode()));
        n.put("preemphasis", s.preemphasis());
        n.put("remove_dc_offset", s.removeDcOffset());
        n.put("spectrum", name(s.spectrum()));
        n.put("power", s.power());
        MelOptions mel = s.mel();
        if (mel == null) {
            n.putNull("mel");
        } else {
            ObjectNode m = n.putObject("mel");
            m.put("n_mels", mel.nMels());
            m.put("fmin_hz", mel.fminHz());
            m.put("fmax_hz", s.fmaxHz());
            m.put("fmax_nyquist", Double.isNaN(mel.fmaxHz()));
            m.put("scale", name(mel.scale()));
            m.put("norm", name(mel.norm()));
        }
        if (s.log() == null) {
            n.putNull("log");
        } else {
            n.set("log", logTree(s.log()));
        }
        MfccOptions mfcc = s.mfcc();
        if (mfcc == null) {
            n.putNull("mfcc");
        } else {
            ObjectNode m = n.putObject("mfcc");
            m.put("n_mfcc", mfcc.nMfcc());
            m.put("lifter", mfcc.lifter());
        }
        n.put("delta_order", s.deltaOrder());
        n.put("delta_width", s.deltaWidth());
        n.put("drop_last_frames", s.dropLastFrames());
        n.put("input_scale", s.inputScale());
        if (s.normalization() == null) {
            n.putNull("normalization");
        } else {
            n.set("normalization", normalizationTree(s.normalization()));
        }
        ObjectNode f = n.putObject("fixed_length");
        f.put("samples", s.fixedLength().samples());
        f.put("frames", s.fixedLength().frames());
        f.put("pad_value", s.fixedLength().padValue());
        n.put("deterministic", s.deterministic());
        n.put("output_features", s.featureCount());
        return n;
    }

    private static ObjectNode logTree(LogScale log) {
        ObjectNode l = NODES.objectNode();
        switch (log) {
            case LogScale.Db d -> {
                l.put("type", "db");
                l.put("multiplier", d.multiplier());
                l.put("amin", d.amin());
                l.put("ref", d.ref());
                putOrNull(l, "top_db", d.topDb());
            }
            case LogScale.Ln ln -> {
                l.put("type", "ln");
                l.put("offset", ln.offset());
                l.put("floor", ln.floor());
            }
            case LogScale.Log10 g -> {
                l.put("type", "log10");
                l.put("amin", g.amin());
                putOrNull(l, "clamp_range", g.clampRange());
                l.put("add", g.add());
                l.put("scale", g.scale());
            }
        }
        return l;
    }

    private static ObjectNode normalizationTree(Normalization norm) {
        return switch (norm) {
            case Normalization.PerFeature p -> statistics("per_feature", p.epsilon(), p.bessel());
            case Normalization.PerUtterance p -> statistics("per_utterance", p.epsilon(), p.bessel());
            case Normalization.Fixed f -> {
                ObjectNode o = NODES.objectNode();
                o.put("type", "fixed");
                o.put("mean", f.mean());
                o.put("std", f.std());
                yield o;
            }
        };
    }

    private static ObjectNode statistics(String type, double epsilon, boolean bessel) {
        ObjectNode o = NODES.objectNode();
        o.put("type", type);
        o.put("epsilon", epsilon);
        o.put("bessel", bessel);
        return o;
    }

    private static Normalization normalization(JsonNode o) {
        String type = text(o, "normalization.type");
        return switch (type) {
            case "per_feature" -> new Normalization.PerFeature(number(o, "epsilon"), bool(o, "bessel"));
            case "per_utterance" -> new Normalization.PerUtterance(number(o, "epsilon"), bool(o, "bessel"));
            case "fixed" -> new Normalization.Fixed(number(o, "mean"), number(o, "std"));
            default ->
                throw new IllegalArgumentException(
                        "normalization.type: '" + type + "' is not one of per_feature, per_utterance, fixed");
        };
    }

    private static void putOrNull(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    /**
     * The spec a JSON object describes.
     *
     * @throws IllegalArgumentException naming the field that is missing, of the wrong type or out of range
     */
    static SpectrogramSpec fromTree(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a spec must be a JSON object");
        }
        SpectrogramSpec.Builder b = SpectrogramSpec.builder()
                .sampleRateHz(integer(n, "sample_rate_hz"))
                .nFft(integer(n, "n_fft"))
                .winLength(integer(n, "win_length"))
                .hopLength(integer(n, "hop_length"))
                .window(window(n))
                .center(bool(n, "center"))
                .padMode(choice(n, "pad_mode", PadMode.class))
                .frameMode(choice(n, "frame_mode", FrameMode.class))
                .preemphasis(number(n, "preemphasis"))
                .removeDcOffset(bool(n, "remove_dc_offset"))
                .power(number(n, "power"));
        switch (choice(n, "spectrum", SpectrumKind.class)) {
            case FRAMES -> b.frames();
            case COMPLEX -> b.complex();
            case POWER -> {}
        }
        JsonNode mel = optionalObject(n, "mel");
        if (mel == null) {
            b.noMel();
        } else {
            boolean nyquist = mel.has("fmax_nyquist") && bool(mel, "fmax_nyquist");
            b.mel(new MelOptions(
                    integer(mel, "n_mels"),
                    number(mel, "fmin_hz"),
                    nyquist ? MelOptions.NYQUIST : number(mel, "fmax_hz"),
                    choice(mel, "scale", MelScale.class),
                    choice(mel, "norm", MelNorm.class)));
        }
        JsonNode log = optionalObject(n, "log");
        if (log == null) {
            b.noLog();
        } else {
            b.log(log(log));
        }
        JsonNode mfcc = optionalObject(n, "mfcc");
        if (mfcc == null) {
            b.noMfcc();
        } else {
            b.mfcc(integer(mfcc, "n_mfcc"), number(mfcc, "lifter"));
        }
        JsonNode norm = optionalObject(n, "normalization");
        b.normalization(norm == null ? null : normalization(norm));
        if (n.has("input_scale")) {
            b.inputScale(number(n, "input_scale"));
        }
        JsonNode fixed = optionalObject(n, "fixed_length");
        if (fixed != null) {
            b.fixedLength(
                    new FixedLength(integer(fixed, "samples"), integer(fixed, "frames"), number(fixed, "pad_value")));
        }
        return b.deltas(integer(n, "delta_order"))
                .deltaWidth(integer(n, "delta_width"))
                .dropLastFrames(integer(n, "drop_last_frames"))
                .deterministic(bool(n, "deterministic"))
                .build();
    }

    private static Window window(JsonNode n) {
        WindowType type = choice(n, "window", WindowType.class);
        boolean periodic = bool(n, "window_periodic");
        if (type != WindowType.CUSTOM) {
            return new Window(type, periodic, null);
        }
        JsonNode c = n.get("window_coefficients");
        if (c == null || !c.isArray()) {
            throw new IllegalArgumentException(
                    "window_coefficients: a custom window needs its coefficients (an array)");
        }
        float[] coefficients = new float[c.size()];
        for (int i = 0; i < coefficients.length; i++) {
            if (!c.get(i).isNumber()) {
                throw new IllegalArgumentException("window_coefficients[" + i + "] is not a number: " + c.get(i));
            }
            coefficients[i] = (float) c.get(i).doubleValue();
        }
        return new Window(type, periodic, coefficients);
    }

    private static LogScale log(JsonNode l) {
        String type = text(l, "log.type");
        return switch (type) {
            case "db" ->
                new LogScale.Db(number(l, "multiplier"), number(l, "amin"), number(l, "ref"), orNaN(l, "top_db"));
            case "ln" -> new LogScale.Ln(number(l, "offset"), number(l, "floor"));
            case "log10" ->
                new LogScale.Log10(number(l, "amin"), orNaN(l, "clamp_range"), number(l, "add"), number(l, "scale"));
            default -> throw new IllegalArgumentException("log.type: '" + type + "' is not one of db, ln, log10");
        };
    }

    /** The specs in spec.json text: one object, or the {@code specs} of a native-rate folder. */
    static List<SpectrogramSpec> read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root != null && root.has("specs")) {
            JsonNode specs = root.get("specs");
            if (!specs.isArray()) {
                throw new IllegalArgumentException("specs: expected an array of specs");
            }
            List<SpectrogramSpec> out = new ArrayList<>();
            for (JsonNode s : specs) {
                out.add(fromTree(s));
            }
            return out;
        }
        return List.of(fromTree(root));
    }

    /** spec.json text for the specs used (one per sample rate, in the order given), ending with a newline. */
    static String write(Collection<SpectrogramSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no spec to write");
        }
        JsonNode root;
        if (specs.size() == 1) {
            root = toTree(specs.iterator().next());
        } else {
            ObjectNode multi = NODES.objectNode();
            multi.put("sample_rate", "native");
            ArrayNode list = multi.putArray("specs");
            specs.forEach(s -> list.add(toTree(s)));
            root = multi;
        }
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(root) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("a JSON tree could not be written: " + e.getOriginalMessage(), e);
        }
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static JsonNode field(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return v;
    }

    private static JsonNode optionalObject(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException(field + ": expected an object or null, got " + v);
        }
        return v;
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = field(n, field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(field + ": expected an integer, got " + v);
        }
        return v.intValue();
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = field(n, field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + ": expected a number, got " + v);
        }
        return v.doubleValue();
    }

    /** A number, or NaN where the field is null (a clamp or top-dB that is not applied). */
    private static double orNaN(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : number(n, field);
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = field(n, field);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(field + ": expected true or false, got " + v);
        }
        return v.booleanValue();
    }

    private static String text(JsonNode n, String field) {
        String leaf = field.substring(field.lastIndexOf('.') + 1);
        JsonNode v = n.get(leaf);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + ": expected a string, got " + v);
        }
        return v.textValue();
    }

    private static <E extends Enum<E>> E choice(JsonNode n, String field, Class<E> type) {
        String v = text(n, field);
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException(field + ": '" + v + "' is not one of "
                + String.join(
                        ", ",
                        Arrays.stream(type.getEnumConstants())
                                .map(SpecJson::name)
                                .toList()));
    }
}
