package io.spectro.spi;

/**
 * How to open a backend.
 *
 * @param device device selector: null for the backend's default, a decimal index, or a case-insensitive substring of
 *     the device name
 * @param threads host threads the backend may use; 0 means one per available processor
 * @param tracker where the backend registers the native resources it allocates (for leak checks)
 */
public record BackendConfig(String device, int threads, ResourceTracker tracker) {
    /** Validates the thread count. */
    public BackendConfig {
        if (threads < 0) {
            throw new IllegalArgumentException("threads = " + threads + " is out of range: must be >= 0 (0 = auto)");
        }
        if (tracker == null) {
            tracker = new ResourceTracker();
        }
    }

    /** Default device, automatic threads, a fresh tracker. */
    public static BackendConfig defaults() {
        return new BackendConfig(null, 0, new ResourceTracker());
    }

    /** The effective number of host threads: {@link #threads()} or the available processors. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
