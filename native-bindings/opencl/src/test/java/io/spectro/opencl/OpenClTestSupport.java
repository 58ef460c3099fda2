package io.spectro.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import io.spectro.SpectrogramSpec;
import io.spectro.dsp.ReferencePipeline;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.Availability;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers of the OpenCL tests: skip (or fail under -Dspectro.require.opencl=true) without OpenCL. */
final class OpenClTestSupport {
    private static boolean reported;

    private OpenClTestSupport() {}

    /** Skips the calling test with the probe's reason when OpenCL is unavailable, or fails when it is required. */
    static synchronized void assumeOpenCl() {
        Availability a = new OpenClBackendProvider().probe();
        if (a.available()) {
            return;
        }
        if (Boolean.getBoolean("spectro.require.opencl")) {
            fail("OpenCL is required (-Dspectro.require.opencl=true) but unavailable: " + a.detail());
        }
        if (!reported) {
            reported = true;
            System.err.println("[opencl tests] SKIPPED: OpenCL unavailable: " + a.detail());
        }
        Assumptions.assumeTrue(false, "OpenCL unavailable: " + a.detail());
    }

    /** Opens the OpenCL backend on the default device with a fresh tracker. */
    static io.spectro.device.DeviceBackend open(ResourceTracker tracker) {
        return (io.spectro.device.DeviceBackend)
                new OpenClBackendProvider().create(new BackendConfig(null, 0, tracker));
    }

    /** Random samples in [-amp, amp). */
    static float[] noise(long seed, int n, float amp) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((r.nextDouble() * 2 - 1) * amp);
        }
        return x;
    }

    /** Runs {@code clips} through {@code plan}, one output array per clip. */
    static float[][] run(BackendPlan plan, List<float[]> clips) {
        SpectrogramSpec spec = plan.spec();
        int n = clips.size();
        MemorySegment[] in = new MemorySegment[n];
        MemorySegment[] out = new MemorySegment[n];
        int[] frames = new int[n];
        float[][] res = new float[n][];
        for (int i = 0; i < n; i++) {
            frames[i] = spec.frameCount(clips.get(i).length);
            res[i] = new float[(int) spec.outputFloats(frames[i])];
            java.util.Arrays.fill(res[i], Float.NaN);
            in[i] = MemorySegment.ofArray(clips.get(i));
            out[i] = MemorySegment.ofArray(res[i]);
        }
        plan.execute(new ClipBatch(in, frames, out));
        return res;
    }

    /** The reference outputs of {@code clips}. */
    static float[][] reference(SpectrogramSpec spec, List<float[]> clips) {
        SpecTables t = SpecTables.of(spec);
        float[][] res = new float[clips.size()][];
        for (int i = 0; i < clips.size(); i++) {
            float[] x = clips.get(i);
            res[i] = new float[(int) spec.outputFloats(spec.frameCount(x.length))];
            ReferencePipeline.compute(t, x, x.length, res[i]);
        }
        return res;
    }

    /** Null when bit-identical, else a description of the first mismatch and the count. */
    static String bitDiff(float[][] expected, float[][] actual) {
        long mismatches = 0;
        String first = null;
        for (int c = 0; c < expected.length; c++) {
            if (expected[c].length != actual[c].length) {
                return "clip " + c + ": length " + actual[c].length + " != " + expected[c].length;
            }
            for (int i = 0; i < expected[c].length; i++) {
                if (Float.floatToRawIntBits(expected[c][i]) != Float.floatToRawIntBits(actual[c][i])) {
                    if (first == null) {
                        first = "clip " + c + " [" + i + "]: expected " + expected[c][i] + " ("
                                + Integer.toHexString(Float.floatToRawIntBits(expected[c][i])) + "), got "
                                + actual[c][i] + " (" + Integer.toHexString(Float.floatToRawIntBits(actual[c][i]))
                                + ")";
                    }
                    mismatches++;
                }
            }
        }
        return first == null ? null : mismatches + " mismatching values; first: " + first;
    }
}
