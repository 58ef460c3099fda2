package io.spectro.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.BackendException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The batch layout arithmetic at sizes no test device holds: long arithmetic, budgets, splits, clear errors. */
class ChunkPlannerTest {
    static final long GIB = 1L << 30;
    static final PipelineShape WHISPER = PipelineShape.of(SpecTables.of(Presets.whisper()), false);

    /** Checks the invariants every plan must satisfy and returns it. */
    static ChunkPlanner.Plan checked(long[] samples, int[] frames, PipelineShape shape, DeviceLimits limits) {
        ChunkPlanner.Plan plan = ChunkPlanner.plan(samples, frames, shape, limits);
        int next = 0;
        long totalFrames = 0;
        long totalSamples = 0;
        for (ChunkPlanner.SubBatch sb : plan.subBatches()) {
            assertEquals(next, sb.firstClip(), "sub-batches are consecutive");
            assertTrue(sb.endClip() > sb.firstClip() || samples.length == 0);
            next = sb.endClip();
            long f = 0;
            long s = 0;
            int active = 0;
            for (int c = sb.firstClip(); c < sb.endClip(); c++) {
                if (frames[c] > 0) {
                    f += frames[c];
                    s += samples[c];
                    active++;
                }
            }
            assertEquals(f, sb.frames());
            assertEquals(s, sb.samples());
            assertEquals(active, sb.clipsWithFrames());
            assertEquals(ChunkPlanner.batchBytes(shape, s, f, active), sb.deviceBytes());
            assertTrue(sb.deviceBytes() <= limits.batchByteBudget(), "within the batch budget");
            assertTrue(s * 4 <= limits.maxAllocationBytes(), "samples fit one buffer");
            assertTrue(f * shape.features() * 4 <= limits.maxAllocationBytes(), "features fit one buffer");
            assertTrue(f * shape.output() * 4 <= limits.maxAllocationBytes(), "output fits one buffer");
            assertTrue(f <= ChunkPlanner.MAX_SUB_BATCH_FRAMES);
            totalFrames += f;
            totalSamples += s;
        }
        assertEquals(samples.length, next, "every clip is covered");
        long expectFrames = 0;
        long expectSamples = 0;
        for (int c = 0; c < frames.length; c++) {
            expectFrames += frames[c];
            expectSamples += frames[c] > 0 ? samples[c] : 0;
        }
        assertEquals(expectFrames, totalFrames);
        assertEquals(expectSamples, totalSamples);
        int chunk = plan.chunkFrames();
        assertTrue(chunk >= 1);
        assertTrue((long) chunk * shape.largestScratchPerFrame() * 4
                <= Math.max(limits.maxAllocationBytes() / 4, shape.largestScratchPerFrame() * 4));
        assertTrue((long) chunk * shape.maxItemsPerFrame() <= Integer.MAX_VALUE, "launches fit 32-bit indices");
        assertTrue((long) chunk * shape.scratchPerFrame() * 4
                <= Math.max(limits.globalMemoryBytes() / 4, shape.scratchPerFrame() * 4));
        return plan;
    }

    @Test
    void fourHundredGigabyteBatchIsSplitIntoSubBatchesThatFit() {
        // 4000 clips of 25M samples (26 minutes at 16 kHz): 400 GB of samples on an 80 GB device.
        int n = 4000;
        long[] samples = new long[n];
        int[] frames = new int[n];
        SpectrogramSpec spec = Presets.whisper();
        for (int i = 0; i < n; i++) {
            samples[i] = 25_000_000L + i;
            frames[i] = spec.frameCount(samples[i]);
        }
        DeviceLimits h100 = new DeviceLimits(80 * GIB, 20 * GIB, 0, 0);
        ChunkPlanner.Plan plan = checked(samples, frames, WHISPER, h100);
        assertTrue(plan.subBatches().size() > 10, "split: " + plan.subBatches().size());
        // 8 MiB of 1600-byte frames.
        assertEquals(5242, plan.chunkFrames());
        // The samples of one sub-batch exceed 2^31 floats: offsets are longs all the way.
        assertTrue(plan.subBatches().get(0).samples() > Integer.MAX_VALUE);
    }

    @Test
    void buffersAbove2To31ElementsAreSizedInLongs() {
        // One clip whose complex output is 2^31+ floats: nFft 4096, hop 1, 600k samples -> 600k frames x 4098 floats.
        SpectrogramSpec spec =
                SpectrogramSpec.builder().nFft(4096).hopLength(1).complex().build();
        PipelineShape shape = PipelineShape.of(SpecTables.of(spec), false);
        long[] samples = {600_000};
        int[] frames = {spec.frameCount(600_000)};
        DeviceLimits big = new DeviceLimits(200 * GIB, 64 * GIB, 0, 0);
        ChunkPlanner.Plan plan = checked(samples, frames, shape, big);
        long outFloats = (long) frames[0] * shape.output();
        assertTrue(outFloats > Integer.MAX_VALUE, "output floats " + outFloats);
        assertEquals(1, plan.subBatches().size());
        assertEquals(
                ChunkPlanner.batchBytes(shape, 600_000, frames[0], 1),
                plan.subBatches().get(0).deviceBytes());
        assertTrue(plan.subBatches().get(0).deviceBytes() > 4L * Integer.MAX_VALUE);
    }

    @Test
    void subBatchesNeverExceed2To31Frames() {
        // hop 1: each clip has ~1.5e9 frames; two never share a sub-batch.
        SpectrogramSpec spec = SpectrogramSpec.builder()
                .nFft(16)
                .hopLength(1)
                .power(2.0)
                .noMel()
                .build();
        PipelineShape shape = PipelineShape.of(SpecTables.of(spec), false);
        long[] samples = {1_500_000_000L, 1_500_000_000L, 1_500_000_000L};
        int[] frames = new int[3];
        Arrays.setAll(frames, i -> spec.frameCount(samples[i]));
        DeviceLimits huge = new DeviceLimits(1L << 50, 1L << 48, 0, 0);
        ChunkPlanner.Plan plan = checked(samples, frames, shape, huge);
        assertEquals(3, plan.subBatches().size());
    }

    @Test
    void chunkFramesFollowTheQuarterRulesAndTheCap() {
        PipelineShape s = WHISPER; // A = B = 400 floats per frame
        assertEquals(400, s.scratchA());
        assertEquals(400, s.scratchB());
        // maxAlloc/4 = 1 MiB -> 655 frames of 1600 bytes.
        assertEquals(655, ChunkPlanner.chunkFrames(s, new DeviceLimits(1L << 40, 4L << 20, 0, 0), 1 << 20));
        // global/4 = 1 MiB over 3200 bytes per frame -> 327 frames.
        assertEquals(327, ChunkPlanner.chunkFrames(s, new DeviceLimits(4L << 20, 1L << 40, 0, 0), 1 << 20));
        assertEquals(7, ChunkPlanner.chunkFrames(s, new DeviceLimits(1L << 40, 1L << 40, 7, 0), 1 << 20));
        assertEquals(
                ChunkPlanner.MAX_CHUNK_FRAMES,
                ChunkPlanner.chunkFrames(s, new DeviceLimits(1L << 50, 1L << 50, Integer.MAX_VALUE, 0), 1 << 30));
        assertEquals(100, ChunkPlanner.chunkFrames(s, new DeviceLimits(1L << 40, 1L << 40, 0, 0), 100));
        assertEquals(
                DeviceLimits.DEFAULT_CHUNK_BYTES / 1600,
                ChunkPlanner.chunkFrames(s, new DeviceLimits(1L << 40, 1L << 40, 0, 0), 1 << 30));
        // Tiny frames: at most DEFAULT_CHUNK_FRAMES.
        PipelineShape tiny = PipelineShape.of(
                SpecTables.of(SpectrogramSpec.builder().nFft(4).complex().build()), false);
        assertEquals(
                DeviceLimits.DEFAULT_CHUNK_FRAMES,
                ChunkPlanner.chunkFrames(tiny, new DeviceLimits(1L << 40, 1L << 40, 0, 0), 1 << 30));
        // A frame larger than a quarter of the max allocation still runs one frame at a time.
        assertEquals(1, ChunkPlanner.chunkFrames(s, new DeviceLimits(1L << 40, 2000, 0, 0), 10));
    }

    @Test
    void chunksKeepEveryLaunchBelow2To31Items() {
        // nFft 2^22, complex output: 2^22 + 2 floats of features per frame, so at most 511 frames per launch.
        SpectrogramSpec spec = SpectrogramSpec.builder().nFft(1 << 22).complex().build();
        PipelineShape s = PipelineShape.of(SpecTables.of(spec), false);
        assertEquals((1 << 22) + 2, s.maxItemsPerFrame());
        int chunk = ChunkPlanner.chunkFrames(s, new DeviceLimits(1L << 50, 1L << 48, 100_000, 0), 1 << 20);
        assertEquals(Integer.MAX_VALUE / ((1 << 22) + 2), chunk);
    }

    @Test
    void aFrameThatFitsNowhereIsAClearError() {
        SpectrogramSpec spec = SpectrogramSpec.builder().nFft(1 << 22).complex().build();
        PipelineShape s = PipelineShape.of(SpecTables.of(spec), false);
        BackendException e = assertThrows(
                BackendException.class,
                () -> ChunkPlanner.chunkFrames(s, new DeviceLimits(64L << 20, 8L << 20, 0, 0), 1));
        assertTrue(e.getMessage().contains("nFft"), e.getMessage());
    }

    @Test
    void aClipThatFitsNowhereIsNamed() {
        long[] samples = {1000, 10_000_000, 1000};
        int[] frames = new int[3];
        Arrays.setAll(frames, i -> Presets.whisper().frameCount(samples[i]));
        BackendException e = assertThrows(
                BackendException.class,
                () -> ChunkPlanner.plan(samples, frames, WHISPER, new DeviceLimits(GIB, GIB, 0, 1 << 20)));
        assertTrue(e.getMessage().contains("clip 1"), e.getMessage());
        assertTrue(e.getMessage().contains("cpu backend"), e.getMessage());
    }

    @Test
    void budgetSplitsKeepClipOrderAndSkipEmptyClips() {
        long[] samples = {16000, 3, 16000, 16000, 0, 16000, 16000};
        int[] frames = {100, 0, 100, 100, 0, 100, 100};
        long oneClip = ChunkPlanner.batchBytes(WHISPER, 16000, 100, 1);
        DeviceLimits tight = new DeviceLimits(GIB, GIB, 0, 2 * oneClip + 64);
        ChunkPlanner.Plan plan = checked(samples, frames, WHISPER, tight);
        assertEquals(3, plan.subBatches().size());
        assertEquals(2, plan.subBatches().get(0).clipsWithFrames());
        assertEquals(200, plan.chunkFrames(), "chunks never exceed the largest sub-batch");
    }

    @Test
    void emptyAndFramelessBatches() {
        assertEquals(
                1,
                checked(new long[0], new int[0], WHISPER, new DeviceLimits(GIB, GIB, 0, 0))
                        .subBatches()
                        .size());
        ChunkPlanner.Plan p = checked(new long[] {3, 5}, new int[] {0, 0}, WHISPER, new DeviceLimits(GIB, GIB, 0, 0));
        assertEquals(0, p.subBatches().get(0).frames());
    }

    @Test
    void shapesOfTheFftVariants() {
        // 401 is prime: Bluestein of length 1024 on a complex input of 401 values.
        PipelineShape odd = PipelineShape.of(
                SpecTables.of(SpectrogramSpec.builder().nFft(401).build()), false);
        assertEquals(2048, odd.scratchA());
        assertEquals(802, odd.scratchX());
        // 134 = 2 x 67: half-length transform of 67 values, Bluestein of length 256.
        PipelineShape even = PipelineShape.of(
                SpecTables.of(SpectrogramSpec.builder().nFft(134).mel(20).build()), false);
        assertEquals(512, even.scratchA());
        assertEquals(134, even.scratchX());
        assertEquals(20, even.features());
        // Odd direct transform: (x, 0) pairs.
        PipelineShape d = PipelineShape.of(
                SpecTables.of(SpectrogramSpec.builder().nFft(999).complex().build()), false);
        assertEquals(1998, d.scratchA());
        assertEquals(0, d.scratchX());
        assertEquals(1000, d.features());
        assertEquals(1000, d.output());
        // Vendor FFT: real frames in A, one-sided spectrum in B.
        PipelineShape v = PipelineShape.of(SpecTables.of(Presets.whisper()), true);
        assertEquals(400, v.scratchA());
        assertEquals(402, v.scratchB());
        // KALDI with DC removal needs a mean per frame; MFCC + deltas need clip-level rows.
        PipelineShape k = PipelineShape.of(
                SpecTables.of(Presets.kaldi().toBuilder().mfcc(13, 22).deltas(2).build()), false);
        assertEquals(1, k.means());
        assertEquals(23, k.features());
        assertEquals(39, k.rowFeatures());
        assertEquals(39, k.output());
        PipelineShape f = PipelineShape.of(
                SpecTables.of(SpectrogramSpec.builder().nFft(400).frames().build()), false);
        assertEquals(0, f.scratchPerFrame());
        assertEquals(400, f.features());
    }

    @Test
    void limitsReadTheTestProperties() {
        String old = System.getProperty(DeviceLimits.CHUNK_FRAMES_PROPERTY);
        try {
            System.setProperty(DeviceLimits.CHUNK_FRAMES_PROPERTY, "13");
            DeviceLimits l = DeviceLimits.of(new FakeDevice(8 * GIB, 2 * GIB));
            assertEquals(13, l.chunkFrameCap(1600));
            assertEquals(4 * GIB, l.batchByteBudget());
            System.setProperty(DeviceLimits.CHUNK_FRAMES_PROPERTY, "-2");
            assertThrows(IllegalArgumentException.class, () -> DeviceLimits.of(new FakeDevice(GIB, GIB)));
        } finally {
            if (old == null) {
                System.clearProperty(DeviceLimits.CHUNK_FRAMES_PROPERTY);
            } else {
                System.setProperty(DeviceLimits.CHUNK_FRAMES_PROPERTY, old);
            }
        }
    }

    /** Only the memory sizes of a device. */
    private record FakeDevice(long globalMemoryBytes, long maxAllocationBytes) implements ComputeDevice {
        @Override
        public String api() {
            return "fake";
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public int preferredGroupSize() {
            return 1;
        }

        @Override
        public KernelSet kernels(boolean deterministic) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DeviceBuffer allocate(long bytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void upload(java.lang.foreign.MemorySegment src, DeviceBuffer dst, long dstOffset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void download(DeviceBuffer src, long srcOffset, java.lang.foreign.MemorySegment dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void zero(DeviceBuffer dst, long offset, long bytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void launch(Kernel kernel, long globalSize, int groupSize, KernelArgs args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void finish() {}

        @Override
        public java.lang.foreign.MemorySegment stagingMemory(java.lang.foreign.Arena arena, long bytes) {
            return arena.allocate(bytes);
        }

        @Override
        public void close() {}
    }
}
