package io.spectro.opencl;

import static io.spectro.opencl.OpenClTestSupport.bitDiff;
import static io.spectro.opencl.OpenClTestSupport.noise;
import static io.spectro.opencl.OpenClTestSupport.reference;
import static io.spectro.opencl.OpenClTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spectro.Presets;
import io.spectro.Spectro;
import io.spectro.SpectrogramPlan;
import io.spectro.SpectrogramSpec;
import io.spectro.device.ComputeDevice;
import io.spectro.device.DeviceBackend;
import io.spectro.device.DeviceBuffer;
import io.spectro.device.DeviceException;
import io.spectro.device.DevicePlan;
import io.spectro.device.KernelSet;
import io.spectro.device.VendorFft;
import io.spectro.dsp.RealFftPlan;
import io.spectro.dsp.ReferenceFft;
import io.spectro.spi.Availability;
import io.spectro.spi.BackendConfig;
import io.spectro.spi.BackendException;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ClipBatch;
import io.spectro.spi.DeviceInfo;
import io.spectro.spi.ResourceTracker;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jocl.CLException;
import org.junit.jupiter.api.Test;

/** The OpenCL backend's plumbing: probe, device choice, resource ownership, errors, threads, segments. */
class OpenClBackendTest {
    @Test
    void probeReasonsAreOneLine() {
        // Pure mapping, runs without OpenCL too.
        assertEquals(
                OpenClProbe.NO_LIBRARY, OpenClProbe.reasonFor(new UnsatisfiedLinkError("libOpenCL.so: cannot open")));
        assertEquals(
                OpenClProbe.NO_LIBRARY,
                OpenClProbe.reasonFor(new NoClassDefFoundError("Could not initialize class org.jocl.CL")));
        assertEquals(
                OpenClProbe.NO_PLATFORM, OpenClProbe.reasonFor(new CLException("CL_PLATFORM_NOT_FOUND_KHR", -1001)));
        String other = OpenClProbe.reasonFor(new IllegalStateException("first\nsecond"));
        assertEquals("OpenCL probe failed: first", other);
        assertTrue(OpenClProbe.NO_LIBRARY.contains("apt-get install ocl-icd-opencl-dev pocl-opencl-icd"));
    }

    @Test
    void deterministicModeNeedsDenormalsAndCorrectlyRoundedDivideSqrt() {
        long both = org.jocl.CL.CL_FP_DENORM | org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
        assertNull(OpenClProbe.deterministicProblem(both | org.jocl.CL.CL_FP_FMA));
        assertTrue(OpenClProbe.deterministicProblem(org.jocl.CL.CL_FP_DENORM).contains("correctly rounded"));
        assertTrue(OpenClProbe.deterministicProblem(org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT)
                .contains("lacks denormals"));
        assertTrue(OpenClProbe.deterministicProblem(0).contains("lacks both"));
    }

    @Test
    void probeListsEveryDeviceAndIsCached() {
        OpenClTestSupport.assumeOpenCl();
        OpenClBackendProvider p = new OpenClBackendProvider();
        assertEquals("opencl", p.name());
        assertEquals(200, p.priority());
        Availability a = p.probe();
        assertTrue(a.available());
        assertTrue(a.detail().startsWith("default device [0] "), a.detail());
        assertFalse(a.devices().isEmpty());
        for (int i = 0; i < a.devices().size(); i++) {
            DeviceInfo d = a.devices().get(i);
            assertEquals(i, d.index());
            assertFalse(d.name().isBlank());
            assertFalse(d.platform().isBlank());
            assertTrue(d.computeUnits() > 0);
            assertTrue(d.memoryBytes() > 0);
            assertTrue(d.note().contains("OpenCL C") && d.note().contains("max work-group"), d.note());
            System.out.println("[opencl] " + d.describe());
        }
        assertTrue(a == new OpenClBackendProvider().probe(), "probe result is cached per JVM");
    }

    @Test
    void deviceSelectionByIndexSubstringAndUnknownSelector() {
        OpenClTestSupport.assumeOpenCl();
        OpenClBackendProvider p = new OpenClBackendProvider();
        DeviceInfo first = p.probe().devices().get(0);
        String part =
                first.name().substring(0, Math.min(6, first.name().length())).toUpperCase();
        for (String selector : new String[] {"0", part}) {
            ResourceTracker tr = new ResourceTracker();
            try (DeviceBackend b = (DeviceBackend) p.create(new BackendConfig(selector, 0, tr))) {
                assertTrue(b.deviceName().startsWith(first.name()), b.deviceName());
                assertEquals("opencl", b.name());
            }
            assertEquals(0, tr.liveCount(), tr.describeLive());
        }
        BackendException e = assertThrows(
                BackendException.class, () -> p.create(new BackendConfig("no-such-device", 0, new ResourceTracker())));
        assertTrue(
                e.getMessage().contains("no-such-device") && e.getMessage().contains("[0] " + first.name()),
                e.getMessage());
        assertThrows(BackendException.class, () -> p.create(new BackendConfig("99", 0, new ResourceTracker())));
        // Through the engine: strict selection fails loudly with the same listing.
        BackendException viaEngine = assertThrows(
                BackendException.class,
                () -> Spectro.builder()
                        .backend("opencl")
                        .device("no-such-device")
                        .strict(true)
                        .build());
        assertTrue(viaEngine.getMessage().contains("[0] " + first.name()), viaEngine.getMessage());
    }

    @Test
    void closedEngineLeavesNothingAllocated() {
        OpenClTestSupport.assumeOpenCl();
        Spectro spectro = Spectro.builder().backend("opencl").strict(true).build();
        ResourceTracker tr = spectro.resources();
        assertEquals("opencl", spectro.backendName());
        List<float[]> clips = List.of(noise(1, 16000, 0.5f), noise(2, 5000, 0.5f));
        spectro.computeBatch(Presets.whisper(), clips);
        spectro.compute(Presets.kaldi(), clips.get(0));
        SpectrogramPlan open = spectro.plan(Presets.librosa().withDeterministic(true));
        open.compute(noise(3, 30000, 0.5f));
        assertTrue(tr.liveCount() > 0);
        String live = tr.describeLive();
        assertTrue(live.contains("cl_context") && live.contains("cl_mem") && live.contains("cl_kernel"), live);
        // Closing the engine closes the plan left open, every buffer, both programs, the queue and the context.
        if (Boolean.getBoolean("spectro.strictClose")) {
            open.close();
        }
        spectro.close();
        assertEquals(0, tr.liveCount(), tr.describeLive());
        assertThrows(IllegalStateException.class, () -> open.compute(noise(4, 1000, 0.5f)));
    }

    @Test
    void closedPlansAndBackendsRefuseWork() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        DeviceBackend b = OpenClTestSupport.open(tr);
        BackendPlan p = b.plan(Presets.whisper());
        p.close();
        p.close();
        assertThrows(IllegalStateException.class, () -> run(p, List.of(noise(1, 4000, 0.1f))));
        BackendPlan q = b.plan(Presets.kaldi());
        b.close();
        b.close();
        assertThrows(IllegalStateException.class, () -> run(q, List.of(noise(1, 4000, 0.1f))));
        assertThrows(IllegalStateException.class, () -> b.plan(Presets.whisper()));
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    @Test
    void failedBuildReportsTheBuildLog() {
        OpenClTestSupport.assumeOpenCl();
        OpenClProbe.Device d = OpenClProbe.get().devices().get(0);
        ResourceTracker tr = new ResourceTracker();
        try (OpenClDevice dev = new OpenClDevice(d, tr)) {
            String broken =
                    OpenClDevice.programSource() + "\nKERNEL broken(GLOBAL float* x) { x[0] = undefined_name; }\n";
            DeviceException e = assertThrows(DeviceException.class, () -> dev.checkBuild(broken, true));
            assertTrue(e.getMessage().startsWith("clBuildProgram("), e.getMessage());
            assertTrue(e.getMessage().contains("CL_BUILD_PROGRAM_FAILURE"), e.getMessage());
            assertTrue(e.getMessage().contains("undefined_name"), e.getMessage());
            dev.checkBuild(OpenClDevice.programSource(), false);
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    @Test
    void specialisedBuildsAreCachedBoundedAndFreedWithTheDevice() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        try (OpenClDevice dev = new OpenClDevice(OpenClProbe.get().devices().get(0), tr)) {
            KernelSet general = dev.kernels(false);
            assertSame(general, dev.kernels(false, List.of()), "no definitions: the general kernels");
            // A definition the kernels test: the specialised build differs from the general one.
            KernelSet a = dev.kernels(false, List.of("SPECTRO_TEST_SPECIALISED=1"));
            assertNotSame(general, a);
            assertSame(a, dev.kernels(false, List.of("SPECTRO_TEST_SPECIALISED=1")), "built once per definitions");
            assertNotSame(a, dev.kernels(true, List.of("SPECTRO_TEST_SPECIALISED=1")), "and per mode");
            IllegalArgumentException spaced =
                    assertThrows(IllegalArgumentException.class, () -> dev.kernels(false, List.of("A=1 -D B=2")));
            assertTrue(spaced.getMessage().contains("without spaces"), spaced.getMessage());
            assertThrows(IllegalArgumentException.class, () -> dev.kernels(false, List.of("=1")));
            // A function-like definition (what the fused kernel's radix per pass is) builds and is used.
            KernelSet fn = dev.kernels(false, List.of("SPECTRO_TEST_FN(p,r)=((p)==0?4:(r))"));
            assertNotSame(a, fn);
            int live = tr.liveCount();
            dev.maxSpecialised = 4; // each build takes about a second on PoCL: a small bound tests the same code
            for (int i = 0; i < dev.maxSpecialised + 3; i++) {
                dev.kernels(false, List.of("SPECTRO_TEST_SPECIALISED=" + (i + 2)));
            }
            assertSame(
                    general,
                    dev.kernels(false, List.of("SPECTRO_TEST_SPECIALISED=999")),
                    "past the bound, plans get the general kernels");
            assertTrue(tr.liveCount() > live, "the specialised programs are tracked");
            String before = System.getProperty(OpenClDevice.SPECIALISE_PROPERTY);
            System.setProperty(OpenClDevice.SPECIALISE_PROPERTY, "false");
            try {
                assertSame(general, dev.kernels(false, List.of("SPECTRO_TEST_SPECIALISED=1")));
            } finally {
                if (before == null) {
                    System.clearProperty(OpenClDevice.SPECIALISE_PROPERTY);
                } else {
                    System.setProperty(OpenClDevice.SPECIALISE_PROPERTY, before);
                }
            }
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    @Test
    void deviceErrorsNameTheCall() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        try (OpenClDevice dev = new OpenClDevice(OpenClProbe.get().devices().get(0), tr)) {
            assertThrows(IllegalArgumentException.class, () -> dev.allocate(0));
            DeviceException huge =
                    assertThrows(DeviceException.class, () -> dev.allocate(dev.maxAllocationBytes() + 1));
            assertTrue(huge.getMessage().startsWith("clCreateBuffer("), huge.getMessage());
            try (DeviceBuffer buf = dev.allocate(64);
                    Arena arena = Arena.ofConfined()) {
                assertThrows(IndexOutOfBoundsException.class, () -> dev.upload(arena.allocate(128), buf, 0));
                assertThrows(DeviceException.class, () -> dev.kernels(true).kernel("no_such_kernel"));
                // Heap and native segments both round-trip.
                float[] src = {1, 2, 3, 4};
                dev.upload(MemorySegment.ofArray(src), buf, 16);
                float[] back = new float[4];
                dev.download(buf, 16, MemorySegment.ofArray(back));
                assertEquals(List.of(1f, 2f, 3f, 4f), List.of(back[0], back[1], back[2], back[3]));
                dev.zero(buf, 16, 8);
                MemorySegment nat = arena.allocate(16);
                dev.download(buf, 16, nat);
                assertEquals(0f, nat.getAtIndex(ValueLayout.JAVA_FLOAT, 1));
                assertEquals(3f, nat.getAtIndex(ValueLayout.JAVA_FLOAT, 2));
            }
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    @Test
    void aFailedAllocationInThePlanConstructorFreesTheEarlierOnes() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        OpenClDevice dev = new OpenClDevice(OpenClProbe.get().devices().get(0), tr);
        int[] allocations = {0};
        ComputeDevice failing = new DelegatingDevice(dev) {
            @Override
            public DeviceBuffer allocate(long bytes) {
                if (++allocations[0] == 3) {
                    throw new DeviceException("clCreateBuffer: CL_MEM_OBJECT_ALLOCATION_FAILURE (injected)");
                }
                return super.allocate(bytes);
            }
        };
        try (DeviceBackend b = new DeviceBackend("opencl", failing, tr)) {
            b.device().kernels(true);
            int before = tr.liveCount();
            DeviceException e = assertThrows(
                    DeviceException.class, () -> b.plan(Presets.whisper().withDeterministic(true)));
            assertTrue(e.getMessage().contains("injected"));
            assertEquals(3, allocations[0]);
            assertEquals(
                    before,
                    tr.liveCount(),
                    "the two tables allocated before the failure are freed: " + tr.describeLive());
            // The backend still works afterwards.
            List<float[]> clips = List.of(noise(5, 8000, 0.5f));
            try (BackendPlan p = b.plan(Presets.whisper().withDeterministic(true))) {
                assertNull(bitDiff(reference(p.spec(), clips), run(p, clips)));
            }
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    @Test
    void deviceBuffersAreReusedAcrossBatchesAndGrowGeometrically() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        SpectrogramSpec spec = Presets.whisper().withDeterministic(true);
        try (DeviceBackend b = OpenClTestSupport.open(tr);
                BackendPlan p = b.plan(spec)) {
            List<float[]> small = List.of(noise(61, 4000, 0.5f));
            List<float[]> big = List.of(noise(62, 16000, 0.5f), noise(63, 16000, 0.5f), noise(64, 9000, 0.5f));
            assertNull(bitDiff(reference(spec, small), run(p, small)));
            long afterSmall = tr.totalAllocated();
            assertNull(bitDiff(reference(spec, big), run(p, big)));
            long afterBig = tr.totalAllocated();
            assertTrue(afterBig > afterSmall, "a larger batch grows the buffers");
            // Smaller and equal batches afterwards allocate nothing.
            assertNull(bitDiff(reference(spec, small), run(p, small)));
            assertNull(bitDiff(reference(spec, big), run(p, big)));
            assertEquals(afterBig, tr.totalAllocated());
            // A slightly larger batch than any before fits in the 1.5x growth of the previous buffers.
            List<float[]> bigger = List.of(noise(62, 16000, 0.5f), noise(63, 16000, 0.5f), noise(64, 9200, 0.5f));
            assertNull(bitDiff(reference(spec, bigger), run(p, bigger)));
            assertEquals(afterBig, tr.totalAllocated(), "no reallocation for a slightly larger batch");
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    @Test
    void nativeSegmentsAndSlicesAsInputAndOutput() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        SpectrogramSpec spec = Presets.whisper().withDeterministic(true);
        List<float[]> clips = List.of(noise(11, 12000, 0.5f), noise(12, 3333, 0.5f), noise(13, 16000, 0.5f));
        float[][] expected = reference(spec, clips);
        try (DeviceBackend b = OpenClTestSupport.open(tr);
                BackendPlan p = b.plan(spec);
                Arena arena = Arena.ofConfined()) {
            int n = clips.size();
            MemorySegment[] in = new MemorySegment[n];
            MemorySegment[] out = new MemorySegment[n];
            int[] frames = new int[n];
            // One shared native block with an odd float offset per clip, outputs likewise.
            long total = 0;
            for (float[] c : clips) {
                total += c.length + 1;
            }
            MemorySegment samples = arena.allocate(total * 4 + 4);
            long outTotal = 0;
            for (int i = 0; i < n; i++) {
                frames[i] = spec.frameCount(clips.get(i).length);
                outTotal += spec.outputFloats(frames[i]) + 1;
            }
            MemorySegment features = arena.allocate(outTotal * 4);
            long at = 4;
            long outAt = 4;
            for (int i = 0; i < n; i++) {
                float[] c = clips.get(i);
                in[i] = samples.asSlice(at, c.length * 4L);
                MemorySegment.copy(c, 0, in[i], ValueLayout.JAVA_FLOAT_UNALIGNED, 0, c.length);
                at += c.length * 4L + 4;
                out[i] = features.asSlice(outAt, spec.outputFloats(frames[i]) * 4);
                outAt += out[i].byteSize() + 4;
            }
            p.execute(new ClipBatch(in, frames, out));
            float[][] got = new float[n][];
            for (int i = 0; i < n; i++) {
                got[i] = out[i].toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
            }
            assertNull(bitDiff(expected, got));
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    @Test
    void everyClipBatchRepresentationGivesTheSameBits() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        SpectrogramSpec spec =
                Presets.kaldi().toBuilder().mfcc(13, 22).deltas(1).build().withDeterministic(true);
        List<float[]> clips = List.of(noise(81, 8000, 0.5f), noise(82, 100, 0.5f), noise(83, 5555, 0.5f));
        float[][] expected = reference(spec, clips);
        int n = clips.size();
        int[] frames = new int[n];
        for (int i = 0; i < n; i++) {
            frames[i] = spec.frameCount(clips.get(i).length);
        }
        try (DeviceBackend b = OpenClTestSupport.open(tr);
                BackendPlan p = b.plan(spec);
                Arena arena = Arena.ofConfined()) {
            // Per-clip heap arrays (outputs longer than needed).
            float[][] outs = new float[n][];
            for (int i = 0; i < n; i++) {
                outs[i] = new float[(int) spec.outputFloats(frames[i]) + 3];
            }
            p.execute(ClipBatch.ofArrays(clips.toArray(new float[0][]), frames, outs));
            float[][] got = new float[n][];
            for (int i = 0; i < n; i++) {
                got[i] = java.util.Arrays.copyOf(outs[i], expected[i].length);
            }
            assertNull(bitDiff(expected, got), "ofArrays");
            // One samples segment and one output segment with element offsets.
            long[] inOff = new long[n];
            long[] outOff = new long[n];
            int[] lengths = new int[n];
            long inTotal = 5;
            long outTotal = 7;
            for (int i = 0; i < n; i++) {
                lengths[i] = clips.get(i).length;
                inOff[i] = inTotal;
                inTotal += lengths[i] + 1;
                outOff[i] = outTotal;
                outTotal += spec.outputFloats(frames[i]) + 2;
            }
            MemorySegment in = arena.allocate(inTotal * 4);
            MemorySegment out = arena.allocate(outTotal * 4);
            for (int i = 0; i < n; i++) {
                MemorySegment.copy(clips.get(i), 0, in, ValueLayout.JAVA_FLOAT_UNALIGNED, inOff[i] * 4, lengths[i]);
            }
            p.execute(ClipBatch.ofSegments(in, inOff, lengths, frames, out, outOff));
            for (int i = 0; i < n; i++) {
                got[i] = out.asSlice(outOff[i] * 4, expected[i].length * 4L).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
            }
            assertNull(bitDiff(expected, got), "ofSegments");
            // Per-clip heap segments.
            assertNull(bitDiff(expected, run(p, clips)), "per-clip segments");
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    @Test
    void plansRunConcurrentlyFromSeveralThreads() throws Exception {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        List<SpectrogramSpec> specs = List.of(
                Presets.whisper().withDeterministic(true),
                Presets.kaldi().withDeterministic(true),
                Presets.torchaudio().withDeterministic(true));
        List<float[]> clips = List.of(noise(21, 16000, 0.5f), noise(22, 7000, 0.5f));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (DeviceBackend b = OpenClTestSupport.open(tr)) {
            List<BackendPlan> plans = new ArrayList<>();
            for (SpectrogramSpec s : specs) {
                plans.add(b.plan(s));
            }
            List<Future<String>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (BackendPlan p : plans) {
                    results.add(pool.submit(() -> bitDiff(reference(p.spec(), clips), run(p, clips))));
                }
            }
            for (Future<String> f : results) {
                assertNull(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }

    /**
     * The vendor-FFT path of the orchestration (used by CUDA with cuFFT outside deterministic mode), exercised with a
     * stand-in that computes the reference real FFT on the host.
     */
    @Test
    void vendorFftPathOfTheOrchestration() {
        OpenClTestSupport.assumeOpenCl();
        ResourceTracker tr = new ResourceTracker();
        OpenClDevice dev = new OpenClDevice(OpenClProbe.get().devices().get(0), tr);
        int[] calls = {0};
        VendorFft hostFft = new VendorFft() {
            @Override
            public String description() {
                return "host reference FFT (test)";
            }

            @Override
            public void realForward(DeviceBuffer frames, DeviceBuffer spectrum, int nFft, int count) {
                calls[0]++;
                RealFftPlan plan = RealFftPlan.of(nFft);
                int nFreq = nFft / 2 + 1;
                float[] in = new float[count * nFft];
                float[] out = new float[count * 2 * nFreq];
                dev.download(frames, 0, MemorySegment.ofArray(in));
                float[] frame = new float[nFft];
                float[] bins = new float[2 * nFreq];
                for (int f = 0; f < count; f++) {
                    System.arraycopy(in, f * nFft, frame, 0, nFft);
                    ReferenceFft.realForward(plan, frame, bins);
                    System.arraycopy(bins, 0, out, f * 2 * nFreq, 2 * nFreq);
                }
                dev.upload(MemorySegment.ofArray(out), spectrum, 0);
            }

            @Override
            public void close() {}
        };
        ComputeDevice withVendor = new DelegatingDevice(dev) {
            @Override
            public Optional<VendorFft> vendorFft() {
                return Optional.of(hostFft);
            }

            @Override
            public long localMemoryBytes() {
                // No local memory: the fused kernel, which sizes up to 4096 prefer to a vendor FFT, is not used.
                return 0;
            }
        };
        List<float[]> clips = List.of(noise(31, 9000, 0.5f), noise(32, 4000, 0.5f));
        try (DeviceBackend b = new DeviceBackend("opencl", withVendor, tr)) {
            // Complex output through the vendor FFT is a plain copy of its bins: exact.
            SpectrogramSpec complex = SpectrogramSpec.builder()
                    .sampleRateHz(16000)
                    .nFft(400)
                    .hopLength(160)
                    .complex()
                    .build();
            try (BackendPlan p = b.plan(complex)) {
                assertTrue(((DevicePlan) p).usesVendorFft());
                assertNull(bitDiff(reference(complex, clips), run(p, clips)));
            }
            SpectrogramSpec odd = complex.toBuilder().nFft(401).build();
            try (BackendPlan p = b.plan(odd)) {
                assertNull(bitDiff(reference(odd, clips), run(p, clips)));
            }
            // Deterministic plans never use the vendor FFT.
            try (BackendPlan p = b.plan(Presets.whisper().withDeterministic(true))) {
                assertFalse(((DevicePlan) p).usesVendorFft());
                int before = calls[0];
                assertNull(bitDiff(reference(p.spec(), clips), run(p, clips)));
                assertEquals(before, calls[0]);
            }
            try (BackendPlan p = b.plan(Presets.whisper())) {
                float[][] got = run(p, clips);
                float[][] exp = reference(p.spec(), clips);
                assertTrue(OpenClNonDeterministicTest.maxAbs(exp, got) < 1e-3, "whisper via vendor FFT");
            }
            assertTrue(calls[0] >= 3);
        }
        assertEquals(0, tr.liveCount(), tr.describeLive());
    }
}
