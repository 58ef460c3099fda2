package io.spectro.dsp;

/**
 * Points on the unit circle, {@code exp(2 pi i m / n)}, in double, with exact zeros and ones where the angle is a
 * multiple of a quarter turn (so twiddles at quarter turns round to exactly 0 and +-1 in float).
 */
public final class UnitRoots {
    private UnitRoots() {}

    /** {@code cos(2 pi m / n)} with exact values at multiples of a quarter turn; {@code n > 0}. */
    public static double cos(long m, long n) {
        long r = Math.floorMod(m, n);
        if ((4 * r) % n == 0) {
            return switch ((int) (4 * r / n)) {
                case 0 -> 1.0;
                case 1, 3 -> 0.0;
                default -> -1.0;
            };
        }
        // Use the smallest equivalent angle for accuracy.
        if (2 * r > n) {
            r = n - r;
        }
        return Math.cos(2.0 * Math.PI * r / n);
    }

    /** {@code sin(2 pi m / n)} with exact values at multiples of a quarter turn; {@code n > 0}. */
    public static double sin(long m, long n) {
        long r = Math.floorMod(m, n);
        if ((4 * r) % n == 0) {
            return switch ((int) (4 * r / n)) {
                case 1 -> 1.0;
                case 3 -> -1.0;
                default -> 0.0;
            };
        }
        if (2 * r > n) {
            return -Math.sin(2.0 * Math.PI * (n - r) / n);
        }
        return Math.sin(2.0 * Math.PI * r / n);
    }
}
