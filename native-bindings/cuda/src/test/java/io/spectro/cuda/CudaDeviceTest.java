package io.spectro.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spectro.device.DeviceBuffer;
import io.spectro.device.DeviceException;
import io.spectro.device.Kernel;
import io.spectro.device.KernelArgs;
import io.spectro.device.KernelSet;
import io.spectro.device.VendorFft;
import io.spectro.spi.DeviceInfo;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link CudaDevice} on a real GPU: copies (heap, off-heap, page-locked, through the bounce buffer), memset, kernel
 * launch with every argument kind against a Java computation of the same kernel, error decoding, overlapped copies
 * ordered by fences across the two streams, cuFFT against the reference DFT, and freeing on close. Skipped with the
 * probe's reason where no CUDA device is usable; failing instead with {@code -Dspectro.require.cuda=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaDeviceTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private ResourceTracker tracker;
    private CudaDevice device;
    private CufftLibrary cufft;
    private int ordinal;
    private String skip;

    @BeforeAll
    void open() {
        CudaProbe.Outcome o = new CudaBackendProvider().outcome();
        if (!o.availability().available()) {
            skip = o.availability().detail();
            if (Boolean.getBoolean("spectro.require.cuda")) {
                fail("spectro.require.cuda=true but no usable CUDA device: " + skip);
            }
            System.out.println("[cuda device] SKIPPED: " + skip);
            return;
        }
        ordinal = o.devices().stream()
                .filter(DeviceInfo::usable)
                .findFirst()
                .orElseThrow()
                .index();
        cufft = o.cufft() instanceof CufftLibrary.Loaded l ? l.library() : null;
        tracker = new ResourceTracker();
        device = CudaDevice.open(ordinal, tracker, cufft);
        System.out.println("[cuda device] " + device + "; " + (cufft != null ? cufft.description() : "no cuFFT"));
    }

    @AfterAll
    void close() {
        if (device != null) {
            device.close();
            tracker.assertNoneLive("CudaDevice.close()");
        }
    }

    private CudaDevice device() {
        assumeTrue(skip == null, () -> "no usable CUDA device: " + skip);
        return device;
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Test
    void roundTripsThroughEveryKindOfHostMemory() {
        CudaDevice d = device();
        // Larger than the 4 MiB bounce buffer and not a multiple of it.
        float[] x = random((int) (CudaDevice.BOUNCE_BYTES / Float.BYTES) + 12_345, 1);
        long bytes = (long) x.length * Float.BYTES;
        try (DeviceBuffer b = d.allocate(bytes + 64);
                Arena arena = Arena.ofConfined()) {
            d.upload(MemorySegment.ofArray(x), b, 64);
            float[] back = new float[x.length];
            d.download(b, 64, MemorySegment.ofArray(back));
            assertArrayEquals(x, back, "heap segments (bounce buffer)");

            MemorySegment offHeap = arena.allocate(bytes, 16);
            d.download(b, 64, offHeap);
            assertArrayEquals(x, offHeap.toArray(F), "off-heap download");

            MemorySegment pinned = d.stagingMemory(arena, bytes);
            MemorySegment.copy(x, 0, pinned, F, 0, x.length);
            d.zero(b, 0, bytes + 64);
            d.upload(pinned, b, 0);
            MemorySegment out = d.stagingMemory(arena, bytes);
            d.download(b, 0, out);
            assertArrayEquals(x, out.toArray(F), "page-locked staging");
        }
    }

    @Test
    void zeroClearsExactlyTheRange() {
        CudaDevice d = device();
        float[] ones = new float[1000];
        Arrays.fill(ones, 1f);
        try (DeviceBuffer b = d.allocate(4000)) {
            d.upload(MemorySegment.ofArray(ones), b, 0);
            d.zero(b, 400, 800);
            d.finish();
            float[] back = new float[1000];
            d.download(b, 0, MemorySegment.ofArray(back));
            for (int i = 0; i < 1000; i++) {
                assertEquals(i >= 100 && i < 300 ? 0f : 1f, back[i], "element " + i);
            }
        }
    }

    @Test
    void rangesAndForeignObjectsAreRejected() {
        CudaDevice d = device();
        try (DeviceBuffer b = d.allocate(16)) {
            assertThrows(IllegalArgumentException.class, () -> d.upload(MemorySegment.ofArray(new float[5]), b, 0));
            assertThrows(IllegalArgumentException.class, () -> d.download(b, 8, MemorySegment.ofArray(new float[3])));
            assertThrows(IllegalArgumentException.class, () -> d.zero(b, -1, 4));
            DeviceBuffer foreign = new DeviceBuffer() {
                @Override
                public long byteSize() {
                    return 16;
                }

                @Override
                public void close() {}
            };
            assertThrows(IllegalArgumentException.class, () -> d.zero(foreign, 0, 4));
        }
        DeviceBuffer closed = d.allocate(8);
        closed.close();
        closed.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> d.zero(closed, 0, 8));
    }

    @Test
    void outOfMemoryIsDecoded() {
        CudaDevice d = device();
        DeviceException e = assertThrows(DeviceException.class, () -> d.allocate(d.globalMemoryBytes() * 4));
        assertTrue(
                e.getMessage().startsWith("cuMemAlloc(") && e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY"),
                e.getMessage());
    }

    @Test
    void kernelsLoadInBothModesAndUnknownNamesAreNamed() {
        CudaDevice d = device();
        for (boolean det : new boolean[] {true, false}) {
            KernelSet k = d.kernels(det);
            assertEquals(det, k.deterministic());
            assertEquals("clip_finish", k.kernel("clip_finish").name());
            DeviceException e = assertThrows(DeviceException.class, () -> k.kernel("no_such_kernel"));
            assertTrue(
                    e.getMessage().contains("CUDA_ERROR_NOT_FOUND")
                            && e.getMessage().contains("no_such_kernel"),
                    e.getMessage());
        }
    }

    /**
     * clip_finish takes buffers, i64, int and float arguments: the output must equal the same arithmetic in Java bit
     * for bit (deterministic build: no contraction).
     */
    @Test
    void launchMarshalsEveryArgumentKind() {
        CudaDevice d = device();
        int frames = 777;
        int feats = 13;
        long srcStride = 16;
        long dstStride = 15;
        float[] src = random((int) (frames * srcStride), 7);
        int[] frameClip = new int[frames];
        for (int g = 0; g < frames; g++) {
            frameClip[g] = g < 300 ? 0 : 1;
        }
        float[] clipMax = {0.75f, 0.25f};
        float range = 0.5f;
        float add = 0.125f;
        float scale = 1.7f;
        Kernel k = d.kernels(true).kernel("clip_finish");
        try (DeviceBuffer bs = d.allocate((long) src.length * 4);
                DeviceBuffer bc = d.allocate(frames * 4L);
                DeviceBuffer bm = d.allocate(8);
                DeviceBuffer bd = d.allocate(frames * dstStride * 4)) {
            d.upload(MemorySegment.ofArray(src), bs, 0);
            d.upload(MemorySegment.ofArray(frameClip), bc, 0);
            d.upload(MemorySegment.ofArray(clipMax), bm, 0);
            d.zero(bd, 0, bd.byteSize());
            long count = (long) frames * feats;
            d.launch(
                    k,
                    count,
                    0,
                    KernelArgs.of()
                            .buffer(bs)
                            .i64(srcStride)
                            .i32(0)
                            .i32((int) count)
                            .i32(feats)
                            .buffer(bc)
                            .buffer(bm)
                            .i32(1)
                            .f32(range)
                            .i32(1)
                            .f32(add)
                            .f32(scale)
                            .buffer(bd)
                            .i64(dstStride));
            d.finish();
            float[] out = new float[(int) (frames * dstStride)];
            d.download(bd, 0, MemorySegment.ofArray(out));
            for (int g = 0; g < frames; g++) {
                for (int f = 0; f < dstStride; f++) {
                    float expected = 0f;
                    if (f < feats) {
                        float y = src[(int) (g * srcStride + f)];
                        float lowest = clipMax[frameClip[g]] - range;
                        y = y > lowest ? y : lowest;
                        expected = (y + add) * scale;
                    }
                    assertEquals(
                            Float.floatToRawIntBits(expected),
                            Float.floatToRawIntBits(out[(int) (g * dstStride + f)]),
                            "frame " + g + " feature " + f);
                }
            }
        }
    }

    @Test
    void overlappedCopiesAreOrderedByFences() {
        CudaDevice d = device();
        int n = 1 << 20;
        float[] x = random(n, 11);
        try (Arena arena = Arena.ofConfined();
                DeviceBuffer b = d.allocate((long) n * 4)) {
            MemorySegment in = d.stagingMemory(arena, (long) n * 4);
            MemorySegment out = d.stagingMemory(arena, (long) n * 4);
            MemorySegment.copy(x, 0, in, F, 0, n);
            try (CudaDevice.Fence up = d.uploadAsync(in, b, 0, null)) {
                d.waitFor(up); // the memset on the compute stream must follow the upload
                d.zero(b, 0, 4096);
                try (CudaDevice.Fence computed = d.mark();
                        CudaDevice.Fence down = d.downloadAsync(b, 0, out, computed)) {
                    down.await();
                }
            }
            float[] back = out.toArray(F);
            for (int i = 0; i < n; i++) {
                assertEquals(i < 1024 ? 0f : x[i], back[i], "element " + i);
            }
            assertThrows(IllegalArgumentException.class, () -> d.uploadAsync(MemorySegment.ofArray(x), b, 0, null));
        }
    }

    @Test
    void cufftMatchesTheReferenceDft() {
        CudaDevice d = device();
        Optional<VendorFft> v = d.vendorFft();
        assumeTrue(
                v.isPresent(),
                "cuFFT not loaded: " + new CudaBackendProvider().probe().detail());
        int nFft = 400;
        int count = 37;
        float[] frames = random(nFft * count, 3);
        int nFreq = nFft / 2 + 1;
        try (DeviceBuffer in = d.allocate((long) frames.length * 4);
                DeviceBuffer out = d.allocate((long) count * nFreq * 8)) {
            d.upload(MemorySegment.ofArray(frames), in, 0);
            v.get().realForward(in, out, nFft, count);
            v.get().realForward(in, out, nFft, count); // cached plan
            float[] spec = new float[count * nFreq * 2];
            d.download(out, 0, MemorySegment.ofArray(spec));
            double maxErr = 0;
            double maxMag = 0;
            for (int c = 0; c < count; c++) {
                float[] re = new float[nFft];
                float[] im = new float[nFft];
                System.arraycopy(frames, c * nFft, re, 0, nFft);
                double[][] ref = dft(re, im);
                for (int k = 0; k < nFreq; k++) {
                    maxErr = Math.max(maxErr, Math.abs(ref[0][k] - spec[(c * nFreq + k) * 2]));
                    maxErr = Math.max(maxErr, Math.abs(ref[1][k] - spec[(c * nFreq + k) * 2 + 1]));
                    maxMag = Math.max(maxMag, Math.hypot(ref[0][k], ref[1][k]));
                }
            }
            // float32 FFT of size 400 with inputs in [-1, 1]: error ~ log2(n) * eps * max magnitude.
            assertTrue(maxErr <= 1e-5 * maxMag, "max error " + maxErr + " vs max magnitude " + maxMag);
        }
    }

    /** The DFT in double precision (the independent reference). */
    private static double[][] dft(float[] re, float[] im) {
        int n = re.length;
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * ((long) k * t % n) / n;
                sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
            }
            out[0][k] = sr;
            out[1][k] = si;
        }
        return out;
    }

    @Test
    void closeFreesEverythingStillHeldAndLaterUseFails() {
        device();
        ResourceTracker t = new ResourceTracker();
        CudaDevice d = CudaDevice.open(ordinal, t, cufft);
        Arena arena = Arena.ofShared();
        DeviceBuffer b = d.allocate(1 << 20);
        d.stagingMemory(arena, 1 << 20);
        d.kernels(false);
        CudaDevice.Fence f = d.mark();
        if (cufft != null) {
            try (DeviceBuffer in = d.allocate(512 * 4 * 3);
                    DeviceBuffer out = d.allocate(257 * 8 * 3)) {
                d.vendorFft().orElseThrow().realForward(in, out, 512, 3);
            }
        }
        assertTrue(t.liveCount() >= 6, t.describeLive());
        d.close();
        t.assertNoneLive("after CudaDevice.close()");
        d.close(); // idempotent
        b.close(); // already freed with the device: no error
        f.close();
        arena.close(); // its cleanup finds the pinned memory already freed
        assertThrows(IllegalStateException.class, () -> d.allocate(4));
        assertThrows(IllegalStateException.class, d::finish);
    }
}
