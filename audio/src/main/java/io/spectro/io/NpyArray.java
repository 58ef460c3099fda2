package io.spectro.io;

import java.util.Arrays;

/**
 * An n-dimensional array read from or written to a NumPy {@code .npy} file, held as float32 in C (row-major) order.
 *
 * <p>Integer and float64 arrays are converted to float32 on read; {@link #dtype()} records what the file stored
 * ({@code "<f4"}, {@code "<f8"}, {@code "<i2"}, ...).
 *
 * @param shape the dimensions, outermost first; a scalar has an empty shape
 * @param data the values in C order; {@code data.length} is the product of {@code shape}
 * @param dtype the NumPy type string of the stored data
 */
public record NpyArray(int[] shape, float[] data, String dtype) {

    /** Validates that {@code data} has exactly as many elements as {@code shape} describes. */
    public NpyArray {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape has a negative dimension: " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + n + " values but data has " + data.length);
        }
    }

    /** A float32 array of the given shape over {@code data} (not copied). */
    public static NpyArray of(float[] data, int... shape) {
        return new NpyArray(shape, data, "<f4");
    }

    /** The shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i} of the shape. */
    public int dim(int i) {
        return shape[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other
                && Arrays.equals(shape, other.shape)
                && Arrays.equals(data, other.data)
                && dtype.equals(other.dtype);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape) + " " + dtype;
    }
}
