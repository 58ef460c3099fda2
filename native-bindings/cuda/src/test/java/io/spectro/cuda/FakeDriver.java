package io.spectro.cuda;

import java.util.ArrayList;
import java.util.List;

/** A scripted {@link DriverApi} for probe tests: each answer is a field the test sets. */
final class FakeDriver implements DriverApi {
    String libraryProblem;
    int initResult;
    int driverVersion = 12040;
    /** When set, cuDeviceGetCount's answer (negative: a failing CUresult); else the size of {@link #devices}. */
    Integer deviceCountResult;

    final List<Device> devices = new ArrayList<>();
    RuntimeException initThrows;
    LinkageError initLinkage;
    int initCalls;

    FakeDriver device(String name, int major, int minor) {
        devices.add(new Device(devices.size(), name, major, minor, 40 + devices.size(), 8L << 30));
        return this;
    }

    @Override
    public String libraryProblem() {
        return libraryProblem;
    }

    @Override
    public int init() {
        initCalls++;
        if (initLinkage != null) {
            throw initLinkage;
        }
        if (initThrows != null) {
            throw initThrows;
        }
        return initResult;
    }

    @Override
    public int driverVersion() {
        return driverVersion;
    }

    @Override
    public int deviceCount() {
        return deviceCountResult != null ? deviceCountResult : devices.size();
    }

    @Override
    public Device device(int ordinal) {
        return devices.get(ordinal);
    }
}
