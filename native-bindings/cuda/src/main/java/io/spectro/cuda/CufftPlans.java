package io.spectro.cuda;

import io.spectro.device.DeviceBuffer;
import io.spectro.device.VendorFft;
import io.spectro.spi.ResourceTracker;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * cuFFT batched real-to-complex transforms on a {@link CudaDevice}'s stream: one {@code cufftHandle} per (nFft,
 * count), created on first use with {@code cufftPlanMany}, bound with {@code cufftSetStream} to the stream every
 * kernel runs on (so transforms are ordered with launches and copies), and destroyed on {@link #close()}. At most
 * {@link #MAX_PLANS} plans are kept (each holds a work area); the least recently used is destroyed beyond that.
 */
final class CufftPlans implements VendorFft {
    /** Plans kept at once. */
    static final int MAX_PLANS = 8;

    private record Key(int nFft, int count) {}

    private record Plan(int handle, long trackerId) {}

    private final CudaDevice device;
    private final CufftLibrary library;
    private final ResourceTracker tracker;
    private final Map<Key, Plan> plans = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    CufftPlans(CudaDevice device, CufftLibrary library, ResourceTracker tracker) {
        this.device = device;
        this.library = library;
        this.tracker = tracker;
    }

    @Override
    public String description() {
        return library.description();
    }

    @Override
    public void realForward(DeviceBuffer frames, DeviceBuffer spectrum, int nFft, int count) {
        if (nFft < 2) {
            throw new IllegalArgumentException("nFft = " + nFft + " is out of range: must be >= 2");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count = " + count + " is out of range: must be >= 1");
        }
        long inBytes = (long) nFft * count * Float.BYTES;
        long outBytes = (long) (nFft / 2 + 1) * count * 2 * Float.BYTES;
        if (frames.byteSize() < inBytes) {
            throw new IllegalArgumentException("frames buffer has " + frames.byteSize() + " bytes; " + count
                    + " frames of " + nFft + " floats need " + inBytes);
        }
        if (spectrum.byteSize() < outBytes) {
            throw new IllegalArgumentException("spectrum buffer has " + spectrum.byteSize() + " bytes; " + count
                    + " spectra of " + (nFft / 2 + 1) + " complex floats need " + outBytes);
        }
        synchronized (device) {
            if (closed) {
                throw new IllegalStateException("cuFFT plans are closed");
            }
            long in = device.addressOf(frames);
            long out = device.addressOf(spectrum);
            device.bind();
            Plan plan = plan(nFft, count);
            library.execR2C(plan.handle(), in, out);
        }
    }

    private Plan plan(int nFft, int count) {
        Key key = new Key(nFft, count);
        Plan p = plans.get(key);
        if (p != null) {
            return p;
        }
        if (plans.size() >= MAX_PLANS) {
            Iterator<Map.Entry<Key, Plan>> it = plans.entrySet().iterator();
            Plan eldest = it.next().getValue();
            it.remove();
            destroy(eldest);
        }
        int handle = library.planR2C(nFft, count);
        long id = tracker.allocated("cufftHandle", 0);
        p = new Plan(handle, id);
        try {
            library.setStream(handle, device.streamAddress());
        } catch (RuntimeException e) {
            destroy(p);
            throw e;
        }
        plans.put(key, p);
        return p;
    }

    private void destroy(Plan p) {
        tracker.freed(p.trackerId());
        library.destroy(p.handle());
    }

    /** Plans currently held. */
    int planCount() {
        synchronized (device) {
            return plans.size();
        }
    }

    @Override
    public void close() {
        synchronized (device) {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException first = null;
            if (!plans.isEmpty()) {
                device.setCurrent();
            }
            for (Plan p : plans.values()) {
                try {
                    destroy(p);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            plans.clear();
            if (first != null) {
                throw first;
            }
        }
    }

    boolean isClosed() {
        synchronized (device) {
            return closed;
        }
    }
}
