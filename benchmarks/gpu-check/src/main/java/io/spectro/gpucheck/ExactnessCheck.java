package io.spectro.gpucheck;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import io.spectro.conformance.DeterministicCases;
import io.spectro.conformance.GoldenTolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Large batches on a device backend against the CPU backend: for every preset, {@code clips} clips of {@code seconds}
 * s (many chunks, every stream and staging buffer in use), deterministic mode bit for bit and normal mode within the
 * golden tolerances. The conformance suite covers every configuration on short clips; this covers the batch sizes the
 * benchmarks run.
 *
 * <p>Normal mode compares two float32 results, each within {@link GoldenTolerance} of the exact value, so their
 * difference is within twice the bound: the check passes when {@code worst <= }{@value #NORMAL_WORST}.
 */
final class ExactnessCheck {
    /** The largest {@code worst/bound} of normal mode accepted between two backends. */
    static final double NORMAL_WORST = 2.0;

    private ExactnessCheck() {}

    /**
     * One preset's comparison.
     *
     * @param preset the preset's name
     * @param values floats compared per mode
     * @param deterministicMismatches deterministic values whose bits differ from the CPU backend's
     * @param firstMismatch where the first mismatch is and its two values, or empty
     * @param criterion the tolerance applied in normal mode
     * @param normalMaxAbs normal mode's largest absolute difference
     * @param normalWorst normal mode's largest error over its bound
     */
    record PresetResult(
            String preset,
            long values,
            long deterministicMismatches,
            String firstMismatch,
            String criterion,
            double normalMaxAbs,
            double normalWorst) {
        /** Whether deterministic mode is bit-identical and normal mode within {@link #NORMAL_WORST}. */
        boolean ok() {
            return deterministicMismatches == 0 && normalWorst <= NORMAL_WORST;
        }
    }

    /**
     * The check of one backend.
     *
     * @param backend the device backend compared with {@code cpu}
     * @param device its device, or empty when it cannot run here
     * @param clips clips per batch
     * @param secondsPerClip seconds of audio per clip
     * @param status {@code PASS}, {@code FAIL} or {@code SKIPPED}
     * @param reason why it was skipped, or empty
     * @param presets one result per preset
     * @param seconds wall time
     */
    record Result(
            String backend,
            String device,
            int clips,
            int secondsPerClip,
            String status,
            String reason,
            List<PresetResult> presets,
            double seconds) {
        /** Copies the list. */
        Result {
            presets = List.copyOf(presets);
        }

        /** One line for the report. */
        String summary() {
            if (!reason.isEmpty()) {
                return reason;
            }
            long values = presets.stream().mapToLong(PresetResult::values).sum();
            long mismatches = presets.stream()
                    .mapToLong(PresetResult::deterministicMismatches)
                    .sum();
            double worst = presets.stream()
                    .mapToDouble(PresetResult::normalWorst)
                    .max()
                    .orElse(0);
            return String.format(
                    Locale.ROOT,
                    "%d presets x %d clips x %d s vs cpu: deterministic %s (%d of %d values differ),"
                            + " normal worst/bound %.3g (limit %.0f)",
                    presets.size(),
                    clips,
                    secondsPerClip,
                    mismatches == 0 ? "bit-identical" : "DIFFERENT",
                    mismatches,
                    values,
                    worst,
                    NORMAL_WORST);
        }
    }

    /** Runs the check; a backend that cannot be opened is {@code SKIPPED} with the reason ({@code FAIL} if required). */
    static Result run(String backend, int clips, int seconds, boolean required) {
        long t0 = System.nanoTime();
        Spectro device;
        try {
            device = Spectro.builder().backend(backend).strict(true).build();
        } catch (RuntimeException e) {
            return new Result(
                    backend,
                    "",
                    clips,
                    seconds,
                    required ? "FAIL" : "SKIPPED",
                    backend + " cannot be used here: " + e.getMessage(),
                    List.of(),
                    (System.nanoTime() - t0) * 1e-9);
        }
        List<PresetResult> results = new ArrayList<>();
        try (device;
                Spectro cpu = Spectro.builder().backend("cpu").strict(true).build()) {
            for (String name : Presets.NAMES) {
                results.add(compare(name, Presets.byName(name), device, cpu, clips, seconds));
            }
            boolean ok = results.stream().allMatch(PresetResult::ok);
            return new Result(
                    backend,
                    device.deviceName(),
                    clips,
                    seconds,
                    ok ? "PASS" : "FAIL",
                    "",
                    results,
                    (System.nanoTime() - t0) * 1e-9);
        }
    }

    static PresetResult compare(
            String name, SpectrogramSpec spec, Spectro device, Spectro cpu, int clips, int seconds) {
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        List<float[]> audio = new ArrayList<>();
        for (int c = 0; c < clips; c++) {
            audio.add(DeterministicCases.gaussian(rnd, spec.sampleRateHz() * seconds, 0.1));
        }
        SpectrogramSpec det = spec.withDeterministic(true);
        List<Spectrogram> dDevice = device.computeBatch(det, audio);
        List<Spectrogram> dCpu = cpu.computeBatch(det, audio);
        long values = 0;
        long mismatches = 0;
        String first = "";
        for (int c = 0; c < clips; c++) {
            float[] a = dDevice.get(c).data();
            float[] b = dCpu.get(c).data();
            if (a.length != b.length) {
                mismatches += Math.max(a.length, b.length);
                first = first.isEmpty() ? "clip " + c + ": " + a.length + " values but cpu gives " + b.length : first;
                continue;
            }
            values += a.length;
            for (int i = 0; i < a.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                    mismatches++;
                    if (first.isEmpty()) {
                        first = "clip " + c + " value " + i + ": " + a[i] + " but cpu gives " + b[i];
                    }
                }
            }
        }
        List<Spectrogram> nDevice = device.computeBatch(spec, audio);
        List<Spectrogram> nCpu = cpu.computeBatch(spec, audio);
        String criterion = "";
        double maxAbs = 0;
        double worst = 0;
        for (int c = 0; c < clips; c++) {
            Spectrogram a = nDevice.get(c);
            float[] b = nCpu.get(c).data();
            if (a.data().length != b.length) {
                worst = Double.POSITIVE_INFINITY;
                continue;
            }
            GoldenTolerance.Verdict v = GoldenTolerance.check(spec, audio.get(c), a.data(), b);
            criterion = v.criterion();
            maxAbs = Math.max(maxAbs, v.maxAbs());
            worst = Math.max(worst, v.worst());
        }
        return new PresetResult(name, values, mismatches, first, criterion, maxAbs, worst);
    }
}
