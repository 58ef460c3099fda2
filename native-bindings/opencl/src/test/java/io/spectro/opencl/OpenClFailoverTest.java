package io.spectro.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.Spectrogram;
import io.spectro.SpectrogramSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real OpenCL device (PoCL here) behind a {@link FaultyDevice} fails during a batch: a kernel launch fails, device
 * memory runs out, or the device is lost. The engine splits the batch (out of memory), or recomputes it on the CPU,
 * logs it once, names the CPU and the reason in each result, and loses no clip: every result has the bits of the CPU
 * engine (deterministic mode, where the two backends agree to the bit).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClFailoverTest {
    private static final SpectrogramSpec SPEC = Presets.whisper().withDeterministic(true);

    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(r);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Spectro cpu;

    @BeforeAll
    void openCpu() {
        cpu = Spectro.builder().backend("cpu").strict(true).build();
    }

    @AfterAll
    void closeCpu() {
        if (cpu != null) {
            cpu.close();
        }
    }

    @BeforeEach
    void listen() {
        OpenClTestSupport.assumeOpenCl();
        synchronized (warnings) {
            warnings.clear();
        }
        Logger.getLogger("io.spectro").addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("io.spectro").removeHandler(handler);
    }

    private static Spectro faulty(FaultyDevice[] device) {
        Spectro engine =
                Spectro.builder().provider(FaultyDevice.provider(device)).build();
        assertEquals("opencl", engine.backendName());
        return engine;
    }

    private static List<float[]> clips(long seed, int... lengths) {
        List<float[]> out = new ArrayList<>();
        for (int n : lengths) {
            out.add(OpenClTestSupport.noise(seed++, n, 0.5f));
        }
        return out;
    }

    private void assertCpuBits(List<float[]> clips, List<Spectrogram> got) {
        assertEquals(clips.size(), got.size(), "no clip lost");
        List<Spectrogram> expected = cpu.computeBatch(SPEC, clips);
        for (int i = 0; i < clips.size(); i++) {
            assertArrayEquals(expected.get(i).data(), got.get(i).data(), "clip " + i + " equals the CPU's");
        }
    }

    @Test
    void aLaunchFailingMidBatchRecomputesTheBatchOnTheCpu() {
        FaultyDevice[] dev = new FaultyDevice[1];
        try (Spectro engine = faulty(dev)) {
            List<float[]> clips = clips(10, 16000, 48000, 3000, 9000, 20000);
            engine.computeBatch(SPEC, clips); // builds the plan and its buffers
            for (int round = 0; round < 2; round++) {
                // The second launch: every path has at least two per batch (fused: the frame kernel and out_finish).
                dev[0].failLaunch(2);
                List<Spectrogram> got = engine.computeBatch(SPEC, clips);
                assertCpuBits(clips, got);
                for (Spectrogram s : got) {
                    assertEquals("cpu", s.backend());
                    String note = s.fallbackNote().orElseThrow();
                    assertTrue(note.startsWith("opencl failed (clEnqueueNDRangeKernel("), note);
                    assertTrue(note.contains("CL_OUT_OF_RESOURCES (injected launch failure)"), note);
                    assertTrue(note.endsWith("recomputed on cpu"), note);
                }
            }
            assertEquals(2, dev[0].injected.get());
            synchronized (warnings) {
                assertEquals(
                        1,
                        warnings.size(),
                        "one warning for two failed batches: "
                                + warnings.stream().map(LogRecord::getMessage).toList());
                assertTrue(warnings.get(0).getMessage().contains("recomputed on cpu"));
            }
            List<Spectrogram> healthy = engine.computeBatch(SPEC, clips);
            assertCpuBits(clips, healthy);
            assertEquals("opencl", healthy.get(0).backend(), "a failed launch does not retire the device");
        }
    }

    @Test
    void runningOutOfDeviceMemorySplitsTheBatchBeforeGivingUp() {
        FaultyDevice[] dev = new FaultyDevice[1];
        List<float[]> clips = clips(30, 32000, 32000, 32000, 32000, 32000, 32000, 32000, 32000);
        long perClip = measureLargestAllocation(clips.subList(0, 1));
        try (Spectro engine = faulty(dev)) {
            // Room for the buffers of about two such clips: a batch of eight is split until its parts fit.
            dev[0].limitAllocations(perClip * 5 / 2);
            List<Spectrogram> got = engine.computeBatch(SPEC, clips);
            assertCpuBits(clips, got);
            for (Spectrogram s : got) {
                assertEquals("opencl", s.backend(), "every part fitted after splitting");
                assertTrue(s.fallbackNote().isEmpty());
            }
            assertTrue(dev[0].injected.get() >= 2, "the full batch and its halves ran out of memory first");
            assertTrue(
                    engine.fallbackNotes().stream().anyMatch(n -> n.contains("ran out of memory on a batch of 8")),
                    engine.fallbackNotes()::toString);
        }
    }

    @Test
    void aClipThatDoesNotFitAloneIsComputedOnTheCpuAndTheOthersStay() {
        FaultyDevice[] dev = new FaultyDevice[1];
        List<float[]> clips = clips(40, 8000, 400000, 8000, 12000);
        long small = measureLargestAllocation(clips.subList(3, 4));
        try (Spectro engine = faulty(dev)) {
            dev[0].limitAllocations(small * 3);
            List<Spectrogram> got = engine.computeBatch(SPEC, clips);
            assertCpuBits(clips, got);
            assertEquals("opencl", got.get(0).backend());
            assertEquals("cpu", got.get(1).backend());
            String note = got.get(1).fallbackNote().orElseThrow();
            assertTrue(note.startsWith("opencl ran out of memory ("), note);
            assertTrue(note.contains("CL_MEM_OBJECT_ALLOCATION_FAILURE (injected)"), note);
            assertEquals("opencl", got.get(2).backend());
            assertEquals("opencl", got.get(3).backend());
        }
    }

    @Test
    void aLostDeviceMovesThisAndEveryLaterBatchToTheCpu() {
        FaultyDevice[] dev = new FaultyDevice[1];
        try (Spectro engine = faulty(dev)) {
            List<float[]> clips = clips(50, 16000, 7000, 30000);
            engine.computeBatch(SPEC, clips);
            dev[0].loseAtLaunch(2);
            List<Spectrogram> got = engine.computeBatch(SPEC, clips);
            assertCpuBits(clips, got);
            assertTrue(got.get(0).fallbackNote().orElseThrow().startsWith("opencl lost its device ("));
            int launches = dev[0].launches.get();
            int injected = dev[0].injected.get();
            List<Spectrogram> later = engine.computeBatch(SPEC, clips);
            assertCpuBits(clips, later);
            SpectrogramSpec other = Presets.librosa().withDeterministic(true);
            Spectrogram s = engine.compute(other, clips.get(0));
            assertArrayEquals(cpu.compute(other, clips.get(0)).data(), s.data());
            assertEquals("cpu", s.backend());
            assertEquals(launches, dev[0].launches.get(), "nothing more was launched on the lost device");
            assertEquals(injected, dev[0].injected.get(), "and nothing more was even tried");
            assertTrue(later.get(0).fallbackNote().orElseThrow().contains("lost its device"));
        }
    }

    /** The largest device allocation a healthy OpenCL engine makes for {@code clips}. */
    private static long measureLargestAllocation(List<float[]> clips) {
        FaultyDevice[] dev = new FaultyDevice[1];
        try (Spectro engine = faulty(dev)) {
            engine.computeBatch(SPEC, clips);
            return dev[0].largestAllocation.get();
        }
    }
}
