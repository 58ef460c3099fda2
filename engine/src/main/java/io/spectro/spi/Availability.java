package io.spectro.spi;

import java.util.List;

/**
 * What a provider's probe found.
 *
 * @param available whether {@link BackendProvider#create} can be expected to work
 * @param detail when unavailable, the one-line reason; when available, a short description (e.g. the device used by
 *     default)
 * @param devices the devices seen (empty for the CPU backend or when none was found)
 */
public record Availability(boolean available, String detail, List<DeviceInfo> devices) {
    /** Copies the device list. */
    public Availability {
        devices = List.copyOf(devices);
        if (detail == null) {
            detail = "";
        }
    }

    /** Available, with a description and devices. */
    public static Availability yes(String detail, List<DeviceInfo> devices) {
        return new Availability(true, detail, devices);
    }

    /** Unavailable, with the reason. */
    public static Availability no(String reason) {
        return new Availability(false, reason, List.of());
    }

    /** Unavailable, with the reason and the devices that were seen but cannot be used. */
    public static Availability no(String reason, List<DeviceInfo> devices) {
        return new Availability(false, reason, devices);
    }
}
