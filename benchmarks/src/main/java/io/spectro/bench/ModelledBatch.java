package io.spectro.bench;

import io.spectro.MfccOptions;
import io.spectro.SpectrogramSpec;
import io.spectro.SpectrumKind;
import io.spectro.device.BatchTraffic;
import io.spectro.device.DeviceModel;
import io.spectro.device.DeviceProfile;
import io.spectro.dsp.MelFilterbank;
import java.util.Arrays;

/**
 * MODEL OUTPUT, not a measurement: what one batch of a workload asks of a device described by a {@link DeviceProfile},
 * counted by {@link DeviceModel} (the real device orchestration run on a device that launches nothing, so the counts
 * follow whatever this JVM's settings make the orchestration choose, e.g. {@code spectro.device.fused}), set beside
 * the bytes any implementation must move and the arithmetic floor on that device.
 *
 * <p>Unavoidable bytes of a batch ({@link #unavoidableBytes}): every input sample read once and every output float
 * written once, 4 bytes each (as {@link FlopModel#bytesPerClip}), plus the spec's constant tables read once
 * ({@link #tableBytes}). The floor ({@link #floorSeconds()}) is {@link FlopModel#floorSeconds} of {@link FlopModel}'s
 * operations at the profile's fp32 peak and the unavoidable bytes at its bandwidth; the modelled time ({@link
 * #modelledSeconds()}) is the profile's {@link DeviceProfile#modelledSeconds}: the kernels' declared global-memory bytes
 * over the bandwidth plus the launches times the launch cost.
 *
 * @param profile the device the batch was counted for
 * @param traffic the counted launches and bytes of the batch
 * @param unavoidableBytes {@link #unavoidableBytes} of the batch
 * @param flops {@link FlopModel} operations of the batch
 */
public record ModelledBatch(DeviceProfile profile, BatchTraffic traffic, long unavoidableBytes, double flops) {
    /** Target of issue 13 (W1-W3 at batch 64): at most this many launches per batch. */
    public static final long MAX_LAUNCHES = 8;
    /** Target of issue 13: global-memory traffic at most this many times the unavoidable bytes. */
    public static final double MAX_TRAFFIC_RATIO = 2.0;
    /** Target of issue 13: modelled time at most this many times the floor. */
    public static final double MAX_FLOOR_RATIO = 3.0;

    /**
     * The model of one batch of {@code spec} whose clips have {@code clipSamples} samples each ({@code >= 1} clip) on
     * {@code profile}.
     */
    public static ModelledBatch of(SpectrogramSpec spec, long[] clipSamples, DeviceProfile profile) {
        if (clipSamples.length == 0) {
            throw new IllegalArgumentException("a modelled batch needs at least one clip");
        }
        double flopsPerFrame = FlopModel.flopsPerFrame(spec); // builds the filterbank: once, not per clip
        double flops = 0;
        for (long s : clipSamples) {
            flops += flopsPerFrame * spec.frameCount(s);
        }
        return new ModelledBatch(
                profile, DeviceModel.count(spec, clipSamples, profile), unavoidableBytes(spec, clipSamples), flops);
    }

    /** The model of one batch of {@code clips} clips of {@code seconds} s of workload {@code w} on {@code profile}. */
    public static ModelledBatch of(Workload w, int clips, int seconds, DeviceProfile profile) {
        long[] samples = new long[clips];
        Arrays.fill(samples, (long) w.sampleRateHz() * seconds);
        return of(w.spec(), samples, profile);
    }

    /**
     * Bytes any implementation must move for one batch: 4 per input sample (read once), 4 per output float (written
     * once), plus {@link #tableBytes} (read once per batch).
     */
    public static long unavoidableBytes(SpectrogramSpec spec, long[] clipSamples) {
        long bytes = tableBytes(spec);
        for (long s : clipSamples) {
            bytes += (long) FlopModel.bytesPerClip(spec, s);
        }
        return bytes;
    }

    /**
     * Bytes of the constant tables the spec needs, at their smallest: the window ({@code winLength} floats); for an FFT
     * (any spectrum but FRAMES) the {@code nFft/2} complex roots of unity of an {@code nFft}-point real FFT ({@code
     * nFft} floats); for a mel stage the filterbank's non-zero weights (floats) and each band's first bin and length
     * (two ints); for MFCCs the DCT matrix ({@code nMfcc x nMels} floats) and, with a lifter, {@code nMfcc} floats.
     */
    public static long tableBytes(SpectrogramSpec spec) {
        long floats = spec.winLength();
        long ints = 0;
        if (spec.spectrum() != SpectrumKind.FRAMES) {
            floats += spec.nFft();
        }
        if (spec.mel() != null) {
            MelFilterbank fb = MelFilterbank.create(spec.sampleRateHz(), spec.nFft(), spec.mel(), spec.fmaxHz());
            floats += fb.weightCount();
            ints += 2L * spec.mel().nMels();
            MfccOptions mfcc = spec.mfcc();
            if (mfcc != null) {
                floats += (long) mfcc.nMfcc() * spec.mel().nMels() + (mfcc.lifter() > 0 ? mfcc.nMfcc() : 0);
            }
        }
        return Float.BYTES * floats + Integer.BYTES * ints;
    }

    /** Kernel launches per batch. */
    public long launches() {
        return traffic.launches();
    }

    /** Global-memory bytes the kernels read and write per batch. */
    public long deviceBytes() {
        return traffic.deviceBytes();
    }

    /** The kernels' global-memory bytes over the unavoidable bytes. */
    public double trafficOverUnavoidable() {
        return (double) deviceBytes() / unavoidableBytes;
    }

    /** Modelled seconds per batch on the profile's device: bytes over bandwidth plus launches times launch cost. */
    public double modelledSeconds() {
        return profile.modelledSeconds(traffic);
    }

    /** Floor seconds per batch on the profile's device: {@code max(flops / peak, unavoidable bytes / bandwidth)}. */
    public double floorSeconds() {
        return FlopModel.floorSeconds(flops, unavoidableBytes, profile.flopsPerSecond(), profile.bytesPerSecond());
    }

    /** {@link #modelledSeconds()} over {@link #floorSeconds()}. */
    public double modelledOverFloor() {
        return modelledSeconds() / floorSeconds();
    }

    /** Whether the launches meet {@link #MAX_LAUNCHES}. */
    public boolean launchesMet() {
        return launches() <= MAX_LAUNCHES;
    }

    /** Whether the traffic meets {@link #MAX_TRAFFIC_RATIO}. */
    public boolean trafficMet() {
        return trafficOverUnavoidable() <= MAX_TRAFFIC_RATIO;
    }

    /** Whether the modelled time meets {@link #MAX_FLOOR_RATIO}. */
    public boolean floorMet() {
        return modelledOverFloor() <= MAX_FLOOR_RATIO;
    }
}
