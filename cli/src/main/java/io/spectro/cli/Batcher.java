package io.spectro.cli;

import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups decoded inputs into batches across files, one pending batch per spec, and computes a batch when it holds
 * {@code batchSeconds} of audio or {@value #MAX_CLIPS} clips (so device backends get full batches), and every pending
 * batch at the end. Every input of a batch ends in exactly one call of {@link Results}: computed, or failed with a
 * reason. A batch that fails as a whole is said in one line on stderr and its inputs are computed one by one, so that
 * only the inputs at fault fail, each with its own reason.
 */
final class Batcher {
    /** Most clips in one batch. */
    static final int MAX_CLIPS = 512;

    /** What computes the features: the engine, or a stand-in in tests. */
    interface Computer {
        /** One result per clip, in order. */
        List<Spectrogram> computeBatch(SpectrogramSpec spec, List<float[]> clips);

        /** One clip. */
        Spectrogram compute(SpectrogramSpec spec, float[] clip);

        /** The engine's own methods. */
        static Computer of(Spectro engine) {
            return new Computer() {
                @Override
                public List<Spectrogram> computeBatch(SpectrogramSpec spec, List<float[]> clips) {
                    return engine.computeBatch(spec, clips);
                }

                @Override
                public Spectrogram compute(SpectrogramSpec spec, float[] clip) {
                    return engine.compute(spec, clip);
                }
            };
        }
    }

    /**
     * A decoded input waiting for its batch.
     *
     * @param item the input
     * @param audio its samples, at the spec's rate
     */
    record Ready(ExtractItem item, InputDecoder.Decoded audio) {}

    /** Where each input of a batch ends. */
    interface Results {
        /** {@code ready} was computed. */
        void computed(Ready ready, Spectrogram features);

        /** {@code ready} could not be computed, for {@code reason}. */
        void failed(Ready ready, String reason);
    }

    private final Computer computer;
    private final double batchSeconds;
    private final Results results;
    private final PrintStream err;
    private final Map<SpectrogramSpec, List<Ready>> pending = new LinkedHashMap<>();
    private final Map<SpectrogramSpec, Long> pendingSamples = new HashMap<>();

    /**
     * @param computer computes the batches
     * @param batchSeconds audio per batch in seconds ({@code > 0})
     * @param results receives every input's outcome
     * @param err where a failed batch is reported
     */
    Batcher(Computer computer, double batchSeconds, Results results, PrintStream err) {
        this.computer = computer;
        this.batchSeconds = batchSeconds;
        this.results = results;
        this.err = err;
    }

    /** Adds an input to the batch of {@code spec}, computing the batch when it is full. */
    void add(SpectrogramSpec spec, Ready ready) {
        List<Ready> batch = pending.computeIfAbsent(spec, k -> new ArrayList<>());
        batch.add(ready);
        long samples = pendingSamples.merge(spec, (long) ready.audio().samples().length, Long::sum);
        if (samples >= batchSeconds * spec.sampleRateHz() || batch.size() >= MAX_CLIPS) {
            compute(spec, batch);
            pendingSamples.put(spec, 0L);
        }
    }

    /** Computes every pending batch. */
    void finish() {
        for (Map.Entry<SpectrogramSpec, List<Ready>> e : pending.entrySet()) {
            compute(e.getKey(), e.getValue());
        }
        pendingSamples.clear();
    }

    private void compute(SpectrogramSpec spec, List<Ready> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<float[]> clips = new ArrayList<>(batch.size());
        for (Ready r : batch) {
            clips.add(r.audio().samples());
        }
        List<Spectrogram> out = null;
        String batchError = null;
        try {
            out = computer.computeBatch(spec, clips);
            if (out.size() != clips.size()) {
                throw new IllegalStateException(
                        "the backend returned " + out.size() + " results for " + clips.size() + " clips");
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            out = null;
            batchError = ManifestRow.reason(e);
        }
        if (out != null) {
            for (int j = 0; j < batch.size(); j++) {
                results.computed(batch.get(j), out.get(j));
            }
        } else if (batch.size() == 1) {
            results.failed(batch.get(0), batchError);
        } else {
            err.println("spectro: a batch of " + batch.size() + " inputs at " + spec.sampleRateHz() + " Hz failed ("
                    + batchError + "); computing them one by one");
            for (int j = 0; j < batch.size(); j++) {
                Spectrogram s;
                try {
                    s = computer.compute(spec, clips.get(j));
                } catch (RuntimeException | OutOfMemoryError e) {
                    results.failed(batch.get(j), ManifestRow.reason(e));
                    continue;
                }
                results.computed(batch.get(j), s);
            }
        }
        batch.clear();
    }
}
