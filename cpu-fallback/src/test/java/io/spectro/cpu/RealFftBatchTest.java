package io.spectro.cpu;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.spectro.dsp.RealFftPlan;
import io.spectro.dsp.ReferenceFft;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The frame-major batch FFT gives exactly the reference bits for every frame, any count, any size. */
class RealFftBatchTest {
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 8, 30, 97, 134, 256, 400, 401, 512, 999, 1024, 2048, 4096})
    void bitIdenticalToReference(int n) {
        SplittableRandom r = new SplittableRandom(n);
        RealFftBatch batch = new RealFftBatch(n);
        RealFftPlan plan = RealFftPlan.of(n);
        for (int count : new int[] {1, 15, 16, 17, 40}) {
            int offIn = 3;
            int offOut = 5;
            float[] in = new float[offIn + count * n];
            for (int i = 0; i < in.length; i++) {
                in[i] = (float) (r.nextDouble() * 2 - 1);
            }
            float[] out = new float[offOut + count * (n / 2 + 1) * 2];
            batch.forward(in, offIn, count, out, offOut);
            float[] frame = new float[n];
            float[] ref = new float[(n / 2 + 1) * 2];
            for (int f = 0; f < count; f++) {
                System.arraycopy(in, offIn + f * n, frame, 0, n);
                ReferenceFft.realForward(plan, frame, ref);
                for (int k = 0; k < ref.length; k++) {
                    float got = out[offOut + f * ref.length + k];
                    if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(ref[k])) {
                        fail("n " + n + " count " + count + " frame " + f + " value " + k + ": " + ref[k] + " vs "
                                + got);
                    }
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> batch.forward(new float[n], 0, 2, new float[4 * n], 0));
    }
}
