package io.spectro.spark;

import io.spectro.Spectro;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The engines of one executor JVM: one per backend/device/threads setting (in practice one, or one per GPU the
 * executor's tasks are given), opened by the first task that needs it and closed when the JVM shuts down. Engines are
 * thread-safe, so every task of the executor shares them, and their plans are cached across tasks and partitions.
 */
final class ExecutorEngines {
    /** The Spark resource name of GPUs ({@code spark.task.resource.gpu.amount}). */
    static final String GPU = "gpu";

    private record Key(String backend, String device, int threads) {}

    private static final Map<Key, Spectro> ENGINES = new LinkedHashMap<>();
    private static boolean hookAdded;

    private ExecutorEngines() {}

    /**
     * The engine for the running task: on the GPU Spark assigned it ({@code TaskContext.get().resources()} names a
     * {@value #GPU} address) unless {@code backend} is {@code cpu}; otherwise with the device chosen automatically
     * (CUDA, then OpenCL, then the CPU, as everywhere else).
     *
     * @param backend {@code auto}, {@code cpu}, {@code opencl} or {@code cuda}
     * @param threads host threads, 0 for one per processor
     */
    static Spectro forTask(String backend, int threads) {
        String device = backend.equals("cpu") ? null : taskGpu();
        return get(new Key(backend, device, threads));
    }

    /** The first GPU address of the running task's resources, or null (no task, or no GPU scheduled). */
    static String taskGpu() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return null;
        }
        ResourceInformation gpu = task.resourcesJMap().get(GPU);
        return gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
    }

    private static synchronized Spectro get(Key key) {
        Spectro engine = ENGINES.get(key);
        if (engine == null) {
            engine = Spectro.builder()
                    .backend(key.backend())
                    .device(key.device())
                    .threads(key.threads())
                    .build();
            ENGINES.put(key, engine);
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(ExecutorEngines::closeAll, "spectro-engines-close"));
                hookAdded = true;
            }
        }
        return engine;
    }

    /** Closes every engine (at JVM shutdown; a later task opens a new one). */
    static synchronized void closeAll() {
        List<Spectro> open = new ArrayList<>(ENGINES.values());
        ENGINES.clear();
        RuntimeException first = null;
        for (Spectro e : open) {
            try {
                e.close();
            } catch (RuntimeException failure) {
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
