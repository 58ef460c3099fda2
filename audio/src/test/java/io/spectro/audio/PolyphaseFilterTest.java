package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The polyphase filter's stream buffers hold exactly the padded input, row by row, at every edge of the signal. */
class PolyphaseFilterTest {
    /** The definition: stream r, row m holds x[(qb + m) * down + r - pad], zero outside the input. */
    private static float[] expectedStreams(float[] x, int xOff, int n, int qb, int down, int pad, int streamLen) {
        float[] xs = new float[streamLen * down];
        for (int m = 0; m < streamLen; m++) {
            for (int r = 0; r < down; r++) {
                long i = (long) (qb + m) * down - pad + r;
                xs[r * streamLen + m] = i >= 0 && i < n ? x[xOff + (int) i] : 0f;
            }
        }
        return xs;
    }

    @Test
    void streamsEqualTheDefinitionForEveryRatioOffsetAndEdge() {
        SplittableRandom rnd = new SplittableRandom(7);
        int cases = 0;
        for (int down : new int[] {1, 2, 3, 7, 160, 441}) {
            for (int startShift : new int[] {0, -1, -5, -40, -300}) {
                for (int n : new int[] {1, 2, 9, 100, 5000}) {
                    int taps = 9;
                    PolyphaseFilter f = new PolyphaseFilter(1, down, taps, new int[] {startShift}, new float[taps]);
                    int pad = Math.max(0, -startShift);
                    int xOff = 3;
                    float[] x = new float[xOff + n + 4];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) rnd.nextDouble(-1, 1);
                    }
                    for (int streamLen : new int[] {1, 17, 600}) {
                        for (int qb : new int[] {0, 1, 5, n / Math.max(1, down), n / Math.max(1, down) + 3, 10_000}) {
                            float[] got = new float[streamLen * down];
                            Arrays.fill(got, Float.NaN); // every element must be written
                            f.fillStreams(x, xOff, n, qb, got, streamLen);
                            String what = "down " + down + ", pad " + pad + ", n " + n + ", streamLen " + streamLen
                                    + ", qb " + qb;
                            assertArrayEquals(expectedStreams(x, xOff, n, qb, down, pad, streamLen), got, what);
                            cases++;
                        }
                    }
                }
            }
        }
        assertArrayEquals(new int[] {6 * 5 * 5 * 3 * 6}, new int[] {cases});
    }
}
