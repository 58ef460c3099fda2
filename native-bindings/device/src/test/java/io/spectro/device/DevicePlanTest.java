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
    void withLocalMemoryWhisperRunsTheFusedKernelSpecialisedForItsSpec() {
        ResourceTracker tracker = new ResourceTracker();
        RecordingDevice device = new RecordingDevice(tracker, 1L << 28, true, 64 << 10);
        SpectrogramSpec spec = Presets.whisper().withDeterministic(true);
        try (DeviceBackend backend = new DeviceBackend("rec", device, tracker);
                DevicePlan plan = (DevicePlan) backend.plan(spec)) {
            assertTrue(plan.fusedLayout().isPresent());
            runOneClip(plan, spec);
            // Frames, FFT, power, mel and log in one launch; the clamp below the clip maximum and the affine map after.
            assertEquals(List.of("fused_frames_log10", "out_finish"), kernelsLaunched(device));
            String defines = device.log.stream()
                    .filter(l -> l.contains(" defines="))
                    .findFirst()
                    .orElseThrow();
            // nFft 400: the half-length transform of 200 points in passes of radix 4, 2, 5, 5 (spans 1, 4, 8, 40).
            for (String d : List.of(
                    "FUSED_SPEC",
                    "FUSED_NFFT=400",
                    "FUSED_LEN=200",
                    "FUSED_HALF=1",
                    "FUSED_PASSES=4",
                    "FUSED_NFREQ=201",
                    "FUSED_NMELS=80",
                    "FUSED_KALDI=0",
                    "FUSED_COMPLEX=0",
                    "FUSED_DIRECT=1",
                    "FUSED_TRACK_MAX=1",
                    "FUSED_RADIX(p,r)=((p)==0?4:(p)==1?2:(p)==2?5:5)",
                    "FUSED_SPAN(p,s)=((p)==0?1:(p)==1?4:(p)==2?8:40)")) {
                assertTrue(defines.contains(d), d + " in " + defines);
            }
            assertFalse(defines.contains(" -D"), defines);
        }
        assertEquals(0, tracker.liveCount(), tracker.describeLive());
    }

    @Test
    void perPassMacrosAreConstantsOnceUnrolled() {
        assertEquals("(r)", FusedFrameStages.perPass(0, p -> 7, "r"));
        assertEquals("(3)", FusedFrameStages.perPass(1, p -> 3, "r"));
        assertEquals("((p)==0?2:(p)==1?3:61)", FusedFrameStages.perPass(3, p -> new int[] {2, 3, 61}[p], "r"));
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
