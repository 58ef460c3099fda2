package io.spectro.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.LogScale;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.dsp.SpecTables;
import io.spectro.spi.ResourceTracker;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The work buffers: sizing rules that agree with the chunk planner's budget, growth, and clear allocation errors. */
class WorkspaceTest {
    static final EnumSet<WorkSlot> SCRATCH = EnumSet.of(WorkSlot.A, WorkSlot.B, WorkSlot.X, WorkSlot.MEANS);

    static long sum(EnumSet<WorkSlot> slots, WorkSlot.Demand d) {
        long bytes = 0;
        for (WorkSlot s : slots) {
            bytes += s.bytes(d);
        }
        return bytes;
    }

    @Test
    void slotSizesAreWhatTheChunkPlannerBudgets() {
        List<SpectrogramSpec> specs = List.of(
                Presets.whisper(),
                Presets.kaldi(),
                Presets.librosa().toBuilder().mfcc(20, 22).deltas(2).build(),
                Presets.librosa().toBuilder().complex().winLength(401).nFft(401).build(),
                Presets.librosa().toBuilder().frames().build());
        for (SpectrogramSpec spec : specs) {
            for (boolean vendor : new boolean[] {false, true}) {
                PipelineShape shape = PipelineShape.of(SpecTables.of(spec), vendor);
                WorkSlot.Demand d = new WorkSlot.Demand(12345, 7, 901, 33, shape, true);
                EnumSet<WorkSlot> batch = EnumSet.complementOf(SCRATCH);
                assertEquals(ChunkPlanner.batchBytes(shape, 12345, 901, 7), sum(batch, d), spec.summary());
                assertEquals(33 * shape.scratchPerFrame() * Float.BYTES, sum(SCRATCH, d), spec.summary());
            }
        }
        PipelineShape shape = PipelineShape.of(SpecTables.of(Presets.whisper()), false);
        assertEquals(0, WorkSlot.CLIP_MAX.bytes(new WorkSlot.Demand(1, 7, 1, 1, shape, false)));
    }

    @Test
    void buffersGrowByHalfAtLeastAndAreKeptWhenBigEnough() {
        ResourceTracker tracker = new ResourceTracker();
        RecordingDevice device = new RecordingDevice(tracker, 1L << 20, false);
        Workspace w = new Workspace(device, DeviceLimits.of(device));
        w.ensure(WorkSlot.A, 100);
        assertEquals(1 << 16, w.get(WorkSlot.A).byteSize(), "rounded up to 64 KiB");
        DeviceBuffer first = w.get(WorkSlot.A);
        w.ensure(WorkSlot.A, 1 << 16);
        assertSame(first, w.get(WorkSlot.A), "kept when big enough");
        w.ensure(WorkSlot.A, (1 << 16) + 1);
        assertEquals(2 << 16, w.get(WorkSlot.A).byteSize(), "grown to the next unit (more than 1.5x)");
        w.ensure(WorkSlot.A, 3 << 16);
        assertEquals(3 << 16, w.get(WorkSlot.A).byteSize());
        w.ensure(WorkSlot.A, (3 << 16) + 1);
        assertEquals(5 << 16, w.get(WorkSlot.A).byteSize(), "1.5x of 3 units is 4.5, rounded up to 5");
        w.ensure(WorkSlot.A, 15 << 16);
        w.ensure(WorkSlot.A, (15 << 16) + 1);
        assertEquals(1 << 20, w.get(WorkSlot.A).byteSize(), "growth stops at the device's max allocation");
        w.ensure(WorkSlot.B, 0);
        assertEquals(Float.BYTES, w.get(WorkSlot.B).byteSize(), "an unused slot still gets a (minimal) buffer");
        assertEquals(2, device.liveBuffers());
        w.close();
        w.close();
        assertEquals(0, device.liveBuffers());
        assertEquals(0, tracker.liveCount(), tracker.describeLive());
    }

    @Test
    void aFailedAllocationNamesTheBufferAndTheDevice() {
        ResourceTracker tracker = new ResourceTracker();
        RecordingDevice device = new RecordingDevice(tracker, 1L << 20, false);
        Workspace w = new Workspace(device, DeviceLimits.of(device));
        DeviceException e = assertThrows(DeviceException.class, () -> w.ensure(WorkSlot.X, (1L << 20) + 1));
        assertTrue(
                e.getMessage().startsWith("cannot allocate the Bluestein buffer (1048577 bytes) on recording device"),
                e.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> w.get(WorkSlot.MEANS));
        assertTrue(missing.getMessage().contains("frame means"), missing.getMessage());
        w.close();
    }

    @Test
    void clipMaximaAreSizedOnlyWhenTheLogClamps() {
        PipelineShape shape = PipelineShape.of(SpecTables.of(Presets.whisper()), false);
        assertTrue(SpecTables.of(Presets.whisper()).clipMax());
        SpectrogramSpec ln =
                Presets.whisper().toBuilder().log(LogScale.Ln.kaldi()).build();
        assertEquals(false, SpecTables.of(ln).clipMax());
        assertEquals(3 * Float.BYTES, WorkSlot.CLIP_MAX.bytes(new WorkSlot.Demand(10, 3, 5, 5, shape, true)));
    }
}
