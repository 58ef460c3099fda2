package io.spectro.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.LogScale;
import io.spectro.SpectrogramSpec;
import io.spectro.Window;
import io.spectro.WindowType;
import io.spectro.device.BatchTraffic;
import io.spectro.device.DeviceModel;
import io.spectro.device.DeviceProfile;
import io.spectro.dsp.MelFilterbank;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelledBatchTest {
    /** nFft 8, window 8, hop 4, no centring, power spectrum: 5 bins per frame. */
    private static SpectrogramSpec tiny() {
        return SpectrogramSpec.builder()
                .sampleRateHz(16000)
                .nFft(8)
                .winLength(8)
                .hopLength(4)
                .window(Window.periodic(WindowType.HANN))
                .center(false)
                .noMel()
                .noLog()
                .power(2)
                .build();
    }

    @Test
    void unavoidableBytesOfATinySpecByHand() {
        // Tables: 8 window floats + 8 floats of nFft/2 complex roots = 64 bytes.
        assertEquals(64, ModelledBatch.tableBytes(tiny()));
        // Clip of 16 samples: 3 frames x 5 bins; clip of 20: 4 frames x 5 bins. 4 bytes per sample and per output.
        assertEquals(64 + 4 * (16 + 15) + 4 * (20 + 20), ModelledBatch.unavoidableBytes(tiny(), new long[] {16, 20}));
        // Framed signal only: no FFT, so no roots.
        assertEquals(32, ModelledBatch.tableBytes(tiny().toBuilder().frames().build()));
    }

    @Test
    void melAndMfccTablesAddWeightsBandsDctAndLifter() {
        SpectrogramSpec mel = tiny().toBuilder()
                .nFft(64)
                .winLength(64)
                .mel(8)
                .log(LogScale.Db.librosa())
                .build();
        int weights = MelFilterbank.create(16000, 64, mel.mel(), mel.fmaxHz()).weightCount();
        assertTrue(weights > 0);
        assertEquals(4L * (64 + 64 + weights) + 8 * 8, ModelledBatch.tableBytes(mel));
        SpectrogramSpec mfcc = mel.toBuilder().mfcc(5, 0).build();
        assertEquals(ModelledBatch.tableBytes(mel) + 4 * 5 * 8, ModelledBatch.tableBytes(mfcc));
        SpectrogramSpec liftered = mel.toBuilder().mfcc(5, 22).build();
        assertEquals(ModelledBatch.tableBytes(mfcc) + 4 * 5, ModelledBatch.tableBytes(liftered));
    }

    @Test
    void modelledTimeAndFloorFollowTheProfile() {
        BatchTraffic t = new BatchTraffic(10, 4_000_000, 2_000_000, 0, 0, 1);
        ModelledBatch m = new ModelledBatch(DeviceProfile.H100, t, 3_000_000, 1.2e8);
        assertEquals(10, m.launches());
        assertEquals(6_000_000, m.deviceBytes());
        assertEquals(2.0, m.trafficOverUnavoidable(), 1e-12);
        assertEquals(6e6 / 3.0e12 + 10 * 4e-6, m.modelledSeconds(), 1e-15);
        // 1.2e8 flops at 60 TFLOP/s = 2 us, above 3 MB at 3 TB/s = 1 us: compute bound.
        assertEquals(2e-6, m.floorSeconds(), 1e-15);
        assertEquals((6e6 / 3.0e12 + 10 * 4e-6) / 2e-6, m.modelledOverFloor(), 1e-9);
        assertFalse(m.launchesMet());
        assertTrue(m.trafficMet());
        assertFalse(m.floorMet());
        ModelledBatch memoryBound = new ModelledBatch(DeviceProfile.H100, t, 3_000_000, 1e6);
        assertEquals(1e-6, memoryBound.floorSeconds(), 1e-15);
    }

    @Test
    void aWorkloadsModelIsTheOrchestrationsCount() {
        ModelledBatch m = ModelledBatch.of(Workload.W1, 2, 1, DeviceProfile.H100);
        long[] clips = {16000, 16000};
        BatchTraffic counted = DeviceModel.count(Workload.W1.spec(), clips, DeviceProfile.H100);
        assertEquals(counted, m.traffic());
        assertTrue(m.launches() > 0, "launches " + m.launches());
        long tables = ModelledBatch.tableBytes(Workload.W1.spec());
        assertEquals(2 * FlopModel.bytesPerClip(Workload.W1.spec(), 16000) + tables, m.unavoidableBytes(), 0);
        assertEquals(
                2
                        * FlopModel.flopsPerFrame(Workload.W1.spec())
                        * Workload.W1.spec().frameCount(16000),
                m.flops(),
                1);
        // The kernels read every sample and write every output at least once.
        assertTrue(m.deviceBytes() >= m.unavoidableBytes() - tables, m.deviceBytes() + " bytes");
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelledBatch.of(Workload.W1.spec(), new long[0], DeviceProfile.H100));
    }

    @Test
    void notesSayModelOutputAndTellEachTargetMetOrMissed() {
        BatchTraffic good = new BatchTraffic(3, 4_000_000, 2_000_000, 0, 0, 1);
        BatchTraffic bad = new BatchTraffic(120, 40_000_000, 20_000_000, 0, 0, 1);
        Map<Workload, ModelledBatch> models = new LinkedHashMap<>();
        models.put(Workload.W1, new ModelledBatch(DeviceProfile.H100, good, 4_000_000, 3e8));
        models.put(Workload.W2, new ModelledBatch(DeviceProfile.H100, bad, 4_000_000, 1e6));
        List<String> notes = BenchMain.deviceModelNotes(models, 64);
        assertEquals(3, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("MODEL OUTPUT, not GPU measurements"), notes.get(0));
        assertTrue(notes.get(0).contains("3.0 TB/s, 4 us per launch, 60 TFLOP/s"), notes.get(0));
        assertTrue(notes.get(0).contains("launches <= 8, bytes/unavoid <= 2x, model/floor <= 3x"), notes.get(0));
        assertTrue(notes.get(0).contains("spectro.device.fused="), notes.get(0));
        // W1: 6 MB / 4 MB = 1.5x; (2 us + 3 x 4 us) over 3e8 flops at 60 TFLOP/s = 5 us: 2.8x.
        assertEquals(
                "W1 model: launches 3 (met), traffic 6.0 MB over 4.0 MB unavoidable = 1.50x (met), 14.0 us over a 5.0 us"
                        + " floor = 2.80x (met)",
                notes.get(1));
        // W2: 60 MB / 4 MB = 15x; (20 us + 120 x 4 us) over 4 MB at 3 TB/s = 1.33 us: 375x.
        assertEquals(
                "W2 model: launches 120 (MISSED), traffic 60.0 MB over 4.0 MB unavoidable = 15x (MISSED), 500.0 us over a"
                        + " 1.3 us floor = 375x (MISSED)",
                notes.get(2));
    }
}
