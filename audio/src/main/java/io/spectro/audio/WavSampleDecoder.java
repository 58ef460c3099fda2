package io.spectro.audio;

/**
 * Converts a WAV file's stored samples to float32, libsndfile's way (see {@link WavReader}): signed PCM {@code x /
 * 2^(container bits - 1)} rounded once, unsigned 8-bit {@code (u - 128) / 128}, float32 as stored, float64 rounded to
 * the nearest float32, G.711 mu-law and A-law through the standard expansion divided by 32768.
 */
final class WavSampleDecoder {
    private final SampleEncoding encoding;
    private final int containerBytes;
    /** The 256 decoded values of a G.711 code byte; null for the other encodings. */
    private final float[] g711;

    /** A decoder for samples of {@code encoding} stored in {@code containerBits} bits (as validated by the header). */
    WavSampleDecoder(SampleEncoding encoding, int containerBits) {
        this.encoding = encoding;
        this.containerBytes = containerBits / 8;
        this.g711 = switch (encoding) {
            case MU_LAW -> G711.table(true);
            case A_LAW -> G711.table(false);
            default -> null;
        };
    }

    /** Converts the first {@code samples} stored samples of {@code b} into {@code out[0, samples)}. */
    void decode(byte[] b, int samples, float[] out) {
        switch (encoding) {
            case PCM_UNSIGNED -> {
                for (int i = 0; i < samples; i++) {
                    out[i] = ((b[i] & 0xFF) - 128) * (1f / 128);
                }
            }
            case PCM_SIGNED -> {
                switch (containerBytes) {
                    case 2 -> {
                        for (int i = 0; i < samples; i++) {
                            out[i] = (short) LittleEndian.I16.get(b, 2 * i) * (1f / 32768);
                        }
                    }
                    case 3 -> {
                        for (int i = 0, j = 0; i < samples; i++, j += 3) {
                            int x = (b[j] & 0xFF) | (b[j + 1] & 0xFF) << 8 | b[j + 2] << 16;
                            out[i] = x * (1f / 8388608);
                        }
                    }
                    case 4 -> {
                        for (int i = 0; i < samples; i++) {
                            // (float) x rounds once; the power-of-two scale is exact: equals (float) (x / 2^31).
                            out[i] = (float) (int) LittleEndian.I32.get(b, 4 * i) * (1f / 2147483648f);
                        }
                    }
                    default -> throw new AssertionError(containerBytes);
                }
            }
            case IEEE_FLOAT -> {
                if (containerBytes == 4) {
                    for (int i = 0; i < samples; i++) {
                        out[i] = (float) LittleEndian.F32.get(b, 4 * i);
                    }
                } else {
                    for (int i = 0; i < samples; i++) {
                        out[i] = (float) (double) LittleEndian.F64.get(b, 8 * i);
                    }
                }
            }
            case MU_LAW, A_LAW -> {
                for (int i = 0; i < samples; i++) {
                    out[i] = g711[b[i] & 0xFF];
                }
            }
        }
    }
}
