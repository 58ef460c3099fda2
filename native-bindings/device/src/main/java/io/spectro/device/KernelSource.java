package io.spectro.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shared kernel source ({@code io/spectro/kernels/spectro.kern}) and the dialect preludes, read from the class
 * path. Every device API compiles {@code prelude + spectro.kern}.
 */
public final class KernelSource {
    /** Resource folder of the kernel sources. */
    public static final String FOLDER = "/io/spectro/kernels/";

    private KernelSource() {}

    /** The text of resource {@code FOLDER + name}, e.g. {@code spectro.kern}; {@link UncheckedIOException} if absent. */
    public static String resource(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new UncheckedIOException(
                        new IOException("kernel resource " + FOLDER + name + " is missing from the class path"));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel resource " + FOLDER + name, e);
        }
    }

    /** The complete program for a dialect: the prelude (e.g. {@code opencl_prelude.h}), then {@code spectro.kern}. */
    public static String program(String preludeName) {
        return resource(preludeName) + "\n#line 1 \"spectro.kern\"\n" + resource("spectro.kern");
    }
}
