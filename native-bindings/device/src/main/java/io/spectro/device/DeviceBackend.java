package io.spectro.device;

import io.spectro.SpectrogramSpec;
import io.spectro.spi.Backend;
import io.spectro.spi.BackendPlan;
import io.spectro.spi.ResourceTracker;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link Backend} for any {@link ComputeDevice}: the device-agnostic batch orchestration ({@link DevicePlan}) over
 * one device, which it owns. Plans may be built and executed from several threads; each plan runs one batch at a
 * time, and device calls of all plans are serialised on the device (one in-order queue).
 */
public final class DeviceBackend implements Backend {
    private final String name;
    private final ComputeDevice device;
    private final ResourceTracker tracker;
    private final Object deviceLock = new Object();
    private final Set<DevicePlan> plans = new LinkedHashSet<>();
    private boolean closed;

    /**
     * Wraps {@code device} (owned from now on: {@link #close()} closes it) as backend {@code name}; plans register
     * their staging memory with {@code tracker} (the device registers its own allocations).
     */
    public DeviceBackend(String name, ComputeDevice device, ResourceTracker tracker) {
        this.name = name;
        this.device = device;
        this.tracker = tracker;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String deviceName() {
        return device.name();
    }

    /** The device (for tests and diagnostics). */
    public ComputeDevice device() {
        return device;
    }

    ResourceTracker tracker() {
        return tracker;
    }

    /** The lock every device call of this backend's plans is made under. */
    Object deviceLock() {
        return deviceLock;
    }

    /**
     * Builds a plan: kernels loaded (built once per mode and cached by the device), tables uploaded. Deterministic
     * specs get the deterministic kernel build and give {@link io.spectro.dsp.ReferencePipeline}'s bits.
     */
    @Override
    public synchronized BackendPlan plan(SpectrogramSpec spec) {
        if (closed) {
            throw new IllegalStateException(name + " backend is closed");
        }
        DevicePlan p = new DevicePlan(this, spec);
        plans.add(p);
        return p;
    }

    synchronized void planClosed(DevicePlan plan) {
        plans.remove(plan);
    }

    /** Closes every plan, then the device. Idempotent. */
    @Override
    public void close() {
        List<DevicePlan> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(plans);
        }
        RuntimeException failure = null;
        for (DevicePlan p : open) {
            try {
                p.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        synchronized (deviceLock) {
            device.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return name + " backend on " + device.name();
    }
}
