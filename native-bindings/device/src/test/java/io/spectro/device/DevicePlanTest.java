package io.spectro.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.LogScale;
import io.spectro.Presets;
import io.spectro.SpectrogramSpec;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.ResourceTracker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The orchestration on a device that records its calls: the stages in order, the FFT chosen per spec, cleanup. */
class DevicePlanTest {
    static List<String> kernelsLaunched(RecordingDevice device) {
        return device.log.stream()
                .filter(l -> l.startsWith("launch ") || l.startsWith("vendor "))
                .map(l -> l.split(" ")[l.startsWith("launch ") ? 1 : 0])
                .distinct()
                .toList();
    }

    static void runOneClip(BackendPlan plan, SpectrogramSpec spec) {
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.05);
        }
        int frames = spec.frameCount(x.length);
        float[] out = new float[(int) spec.outputFloats(frames)];
        plan.execute(ClipBatch.ofArrays(new float[][] {x}, new int[] {frames}, new float[][] {out}));
    }

    @Test
    void whisperRunsItsStagesInOrderAndFreesEverything() {
        ResourceTracker tracker = new ResourceTracker();
        RecordingDevice device = new RecordingDevice(tracker, 1L << 28, true);
        SpectrogramSpec spec = Presets.whisper().withDeterministic(true);
        try (DeviceBackend backend = new DeviceBackend("rec", device, tracker)) {
            BackendPlan plan = backend.plan(spec);
            assertFalse(((DevicePlan) plan).usesVendorFft(), "deterministic mode never uses the vendor FFT");
            runOneClip(plan, spec);
            assertEquals(
                    List.of(
                            "frame_torch",
                            "fft_radix4",
                            "fft_radix2",
                            "fft_radix5",
                            "spectrum_power",
                            "mel_log10",
                            "clip_max",
                            "clip_finish",
                            "transpose_out"),
                    kernelsLaunched(device));
            plan.close();
            assertThrows(IllegalStateException.class, () -> runOneClip(plan, spec));
            assertEquals(0, device.liveBuffers(), "the plan freed its buffers");
        }
        assertEquals(0, tracker.liveCount(), tracker.describeLive());
    }

    @Test
    void theVendorFftReplacesThePassesOutsideDeterministicMode() {
        ResourceTracker tracker = new ResourceTracker();
        RecordingDevice device = new RecordingDevice(tracker, 1L << 28, true);
        SpectrogramSpec spec = Presets.librosa().toBuilder()
                .log(LogScale.Db.librosa())
                .deterministic(false)
                .build();
        try (DeviceBackend backend = new DeviceBackend("rec", device, tracker);
                BackendPlan plan = backend.plan(spec)) {
            assertTrue(((DevicePlan) plan).usesVendorFft());
            runOneClip(plan, spec);
            List<String> k = kernelsLaunched(device);
            assertEquals(
                    List.of("frame_torch", "vendor", "spectrum_power", "mel_db", "clip_max", "clip_finish"),
                    k.subList(0, 6));
            assertFalse(k.stream().anyMatch(n -> n.startsWith("fft_")), k.toString());
        }
        assertEquals(0, tracker.liveCount(), tracker.describeLive());
    }

    @Test
    void largePrimeSizesRunBluesteinAroundThePasses() {
        ResourceTracker tracker = new ResourceTracker();
        RecordingDevice device = new RecordingDevice(tracker, 1L << 28, false);
        SpectrogramSpec spec =
                Presets.librosa().toBuilder().complex().winLength(401).nFft(401).build();
        try (DeviceBackend backend = new DeviceBackend("rec", device, tracker);
                BackendPlan plan = backend.plan(spec)) {
            runOneClip(plan, spec);
            List<String> k = kernelsLaunched(device);
            assertEquals("frame_torch", k.get(0));
            assertEquals("bluestein_pre", k.get(1));
            assertTrue(k.indexOf("bluestein_mid") > 1 && k.indexOf("bluestein_post") > k.indexOf("bluestein_mid"));
            assertEquals(List.of("spectrum_complex", "transpose_out"), k.subList(k.size() - 2, k.size()));
        }
        assertEquals(0, tracker.liveCount(), tracker.describeLive());
    }
}
