package io.spectro.device;

/**
 * A point in a device's command stream (an OpenCL event, a CUDA event): reached when everything enqueued on its
 * queue or stream before it has completed. Returned by {@link ComputeDevice#mark()} and the asynchronous copies; close
 * it when done (closing does not cancel the work it follows).
 */
public interface Fence extends AutoCloseable {
    /** A fence that is always reached: what synchronous devices return. */
    Fence REACHED = new Fence() {
        @Override
        public void await() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return "Fence.REACHED";
        }
    };

    /** Blocks until the fence is reached: the host memory of a copy it ends may then be reused or read. */
    void await();

    /** Releases the fence. Idempotent. */
    @Override
    void close();
}
