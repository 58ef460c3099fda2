package io.spectro.device;

import io.spectro.spi.BackendException;
import io.spectro.spi.DeviceInfo;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Chooses a device from a backend's device list by the user's selector ({@code --device}, {@code spectro.device},
 * {@code SPECTRO_DEVICE}): a decimal index, or a case-insensitive substring of the device name. Without a selector:
 * the first usable GPU, else the first usable device.
 */
public final class DeviceSelector {
    private DeviceSelector() {}

    /**
     * The device {@code selector} names among {@code devices} of backend {@code backend}; {@link BackendException}
     * listing the devices when none matches, or when the match is unusable.
     */
    public static DeviceInfo select(String backend, String selector, List<DeviceInfo> devices) {
        if (devices.isEmpty()) {
            throw new BackendException("the " + backend + " backend found no devices");
        }
        if (selector == null || selector.isBlank()) {
            return devices.stream()
                    .filter(d -> d.usable() && "GPU".equalsIgnoreCase(d.type()))
                    .findFirst()
                    .or(() -> devices.stream().filter(DeviceInfo::usable).findFirst())
                    .orElseThrow(() ->
                            new BackendException("no usable " + backend + " device; devices: " + describe(devices)));
        }
        String s = selector.strip();
        DeviceInfo found = null;
        if (s.chars().allMatch(Character::isDigit)) {
            for (DeviceInfo d : devices) {
                if (String.valueOf(d.index()).equals(s.replaceFirst("^0+(?=.)", ""))) {
                    found = d;
                    break;
                }
            }
        } else {
            String needle = s.toLowerCase(Locale.ROOT);
            for (DeviceInfo d : devices) {
                if (d.name().toLowerCase(Locale.ROOT).contains(needle)) {
                    found = d;
                    break;
                }
            }
        }
        if (found == null) {
            throw new BackendException("no " + backend + " device matches '" + s
                    + "' (give an index or part of a name); devices: " + describe(devices));
        }
        if (!found.usable()) {
            throw new BackendException(
                    backend + " device " + found.describe() + " cannot be used; devices: " + describe(devices));
        }
        return found;
    }

    /** The devices as one line each, joined with "; ". */
    public static String describe(List<DeviceInfo> devices) {
        return devices.stream().map(DeviceInfo::describe).collect(Collectors.joining("; "));
    }
}
