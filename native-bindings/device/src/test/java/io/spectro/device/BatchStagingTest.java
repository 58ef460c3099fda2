package io.spectro.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The staged sub-batch: samples concatenated, the tables in the layout of {@link KernelAbi}, outputs delivered. */
class BatchStagingTest {
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    @Test
    void stagesTheClipsWithFramesInTheKernelsLayout() {
        SpectrogramSpec spec = Presets.kaldi(); // snip edges: a clip shorter than a window has no frames
        PipelineShape shape = PipelineShape.of(SpecTables.of(spec), false);
        int win = spec.winLength();
        int[] lengths = {win + 3 * spec.hopLength(), 5, win};
        float[][] in = new float[lengths.length][];
        int[] frames = new int[lengths.length];
        float[][] out = new float[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            in[i] = new float[lengths[i]];
            for (int j = 0; j < lengths[i]; j++) {
                in[i][j] = 1000 * i + j;
            }
            frames[i] = spec.frameCount(lengths[i]);
            out[i] = new float[(int) spec.outputFloats(frames[i])];
        }
        assertArrayEquals(new int[] {4, 0, 1}, frames);
        ClipBatch batch = ClipBatch.ofArrays(in, frames, out);
        long samples = lengths[0] + lengths[2];
        ChunkPlanner.SubBatch sb = new ChunkPlanner.SubBatch(0, 3, samples, 5, 2, 0);

        ResourceTracker tracker = new ResourceTracker();
        RecordingDevice device = new RecordingDevice(tracker, 1L << 24, false);
        BatchStaging staging = new BatchStaging(device, tracker, SpecTables.of(spec));
        BatchStaging.Staged s = staging.stage(batch, sb, shape.output());
        assertArrayEquals(new int[] {0, 2}, s.clipIndices());
        assertArrayEquals(new long[] {0, 4 * shape.output()}, s.outOffsets());

        Workspace work = new Workspace(device, DeviceLimits.of(device));
        work.ensure(new WorkSlot.Demand(s.samples(), s.clips(), s.frames(), 1, shape, true));
        staging.upload(s, work);
        MemorySegment x = ((RecordingDevice.Buffer) work.get(WorkSlot.SAMPLES)).memory;
        assertEquals(0f, x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, 0));
        assertEquals(
                2000f * 32768,
                x.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, lengths[0]),
                "clip 1 is left out; the kaldi preset's input scale is applied while staging");
        MemorySegment clips = ((RecordingDevice.Buffer) work.get(WorkSlot.CLIPS)).memory;
        int c1 = KernelAbi.CI_STRIDE; // the second staged clip (batch clip 2)
        assertEquals(lengths[0], clips.getAtIndex(INT, c1 + KernelAbi.CI_SAMPLE_OFFSET));
        assertEquals(0, clips.getAtIndex(INT, c1 + KernelAbi.CI_SAMPLE_OFFSET + 1));
        assertEquals(lengths[2], clips.getAtIndex(INT, c1 + KernelAbi.CI_LENGTH));
        assertEquals(4, clips.getAtIndex(INT, c1 + KernelAbi.CI_FRAME_OFFSET));
        assertEquals(1, clips.getAtIndex(INT, c1 + KernelAbi.CI_FRAMES));
        assertEquals(4 * shape.output(), clips.getAtIndex(INT, c1 + KernelAbi.CI_OUT_OFFSET));
        assertEquals(4, clips.getAtIndex(INT, KernelAbi.CI_FRAMES));
        MemorySegment frameClip = ((RecordingDevice.Buffer) work.get(WorkSlot.FRAME_CLIP)).memory;
        MemorySegment frameIndex = ((RecordingDevice.Buffer) work.get(WorkSlot.FRAME_INDEX)).memory;
        int[] expectedClip = {0, 0, 0, 0, 1};
        int[] expectedIndex = {0, 1, 2, 3, 0};
        for (int g = 0; g < 5; g++) {
            assertEquals(expectedClip[g], frameClip.getAtIndex(INT, g));
            assertEquals(expectedIndex[g], frameIndex.getAtIndex(INT, g));
        }

        // The recording device's download delivers each float's index in the output buffer.
        device.download(work.get(WorkSlot.OUT), 0, staging.output(s));
        staging.deliver(s, batch, spec);
        assertEquals(0f, out[0][0]);
        assertEquals(out[0].length - 1, out[0][out[0].length - 1]);
        assertEquals(4 * shape.output(), out[2][0]);

        work.close();
        staging.close();
        staging.close();
        assertEquals(0, tracker.liveCount(), tracker.describeLive());
    }
}
