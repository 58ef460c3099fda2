package io.spectro.audio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * libsndfile ({@code libsndfile.so.1}) bound through the FFM API: the handful of calls a reader needs. The library
 * is looked up once, on first use; {@link #probe()} never throws, a missing library is a reason string.
 */
final class Libsndfile {
    static final int SFM_READ = 0x10;
    static final int SEEK_SET = 0;

    private static final int SFC_GET_FORMAT_MAJOR_COUNT = 0x1030;
    private static final int SFC_GET_FORMAT_MAJOR = 0x1031;
    private static final int SFC_GET_FORMAT_SUBTYPE_COUNT = 0x1032;
    private static final int SFC_GET_FORMAT_SUBTYPE = 0x1033;

    static final int SF_FORMAT_WAV = 0x010000;
    static final int SF_FORMAT_AIFF = 0x020000;
    static final int SF_FORMAT_AU = 0x030000;
    static final int SF_FORMAT_W64 = 0x0B0000;
    static final int SF_FORMAT_CAF = 0x180000;
    static final int SF_FORMAT_OGG = 0x200000;
    static final int SF_FORMAT_MPEG = 0x230000;
    static final int SF_FORMAT_VORBIS = 0x0060;
    static final int SF_FORMAT_OPUS = 0x0064;
    static final int SF_FORMAT_MPEG_LAYER_III = 0x0082;
    static final int SF_FORMAT_TYPEMASK = 0x0FFF0000;
    static final int SF_FORMAT_SUBMASK = 0x0000FFFF;

    /** {@code SF_INFO}: frames (int64), samplerate, channels, format, sections, seekable (int32 each). */
    static final StructLayout SF_INFO = MemoryLayout.structLayout(
            JAVA_LONG.withName("frames"),
            JAVA_INT.withName("samplerate"),
            JAVA_INT.withName("channels"),
            JAVA_INT.withName("format"),
            JAVA_INT.withName("sections"),
            JAVA_INT.withName("seekable"),
            MemoryLayout.paddingLayout(4));

    /** {@code SF_FORMAT_INFO}: format (int32), name and extension (C strings). */
    private static final StructLayout SF_FORMAT_INFO = MemoryLayout.structLayout(
            JAVA_INT.withName("format"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("name"),
            ADDRESS.withName("extension"));

    /**
     * What probing found.
     *
     * @param library the bound library, or null when it is unusable
     * @param version libsndfile's version string, e.g. {@code "libsndfile-1.2.0"}, or {@code ""}
     * @param readable the formats this build reads (those Spectro routes to it)
     * @param problem why the library is unusable, or {@code ""}
     */
    record Probe(Libsndfile library, String version, Set<AudioFileType> readable, String problem) {
        boolean available() {
            return library != null;
        }
    }

    private static Probe probe;

    private final MethodHandle sfOpen;
    private final MethodHandle sfClose;
    private final MethodHandle sfReadfFloat;
    private final MethodHandle sfSeek;
    private final MethodHandle sfError;
    private final MethodHandle sfStrerror;
    private final MethodHandle sfCommand;
    private final MethodHandle sfVersionString;

    private Libsndfile(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        sfOpen = linker.downcallHandle(
                lookup.findOrThrow("sf_open"), FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        sfClose = linker.downcallHandle(lookup.findOrThrow("sf_close"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        sfReadfFloat = linker.downcallHandle(
                lookup.findOrThrow("sf_readf_float"), FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
        sfSeek = linker.downcallHandle(
                lookup.findOrThrow("sf_seek"), FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT));
        sfError = linker.downcallHandle(lookup.findOrThrow("sf_error"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        sfStrerror = linker.downcallHandle(lookup.findOrThrow("sf_strerror"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        sfCommand = linker.downcallHandle(
                lookup.findOrThrow("sf_command"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        sfVersionString =
                linker.downcallHandle(lookup.findOrThrow("sf_version_string"), FunctionDescriptor.of(ADDRESS));
    }

    /** The library's file name on this platform. */
    static String libraryName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return "sndfile.dll";
        }
        if (os.contains("mac")) {
            return "libsndfile.1.dylib";
        }
        return "libsndfile.so.1";
    }

    /** Loads and binds the library once; later calls return the same answer. Never throws. */
    static synchronized Probe probe() {
        if (probe == null) {
            probe = load();
        }
        return probe;
    }

    private static Probe load() {
        String name = libraryName();
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(name, Arena.global());
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return new Probe(null, "", Set.of(), name + " not found (Debian/Ubuntu: apt-get install libsndfile1)");
        } catch (RuntimeException | LinkageError e) {
            return new Probe(null, "", Set.of(), name + " could not be loaded: " + e);
        }
        try {
            Libsndfile lib = new Libsndfile(lookup);
            return new Probe(lib, lib.version(), lib.readableFormats(), "");
        } catch (Throwable e) {
            return new Probe(null, "", Set.of(), name + " is unusable: " + e);
        }
    }

    private String version() throws Throwable {
        MemorySegment s = (MemorySegment) sfVersionString.invokeExact();
        return cString(s);
    }

    /** The formats Spectro routes to libsndfile that this build of it reads (Ogg and MP3 support are optional). */
    private Set<AudioFileType> readableFormats() throws Throwable {
        List<Integer> majors = formats(SFC_GET_FORMAT_MAJOR_COUNT, SFC_GET_FORMAT_MAJOR);
        List<Integer> subtypes = formats(SFC_GET_FORMAT_SUBTYPE_COUNT, SFC_GET_FORMAT_SUBTYPE);
        Set<AudioFileType> out = EnumSet.noneOf(AudioFileType.class);
        for (int major : majors) {
            switch (major & SF_FORMAT_TYPEMASK) {
                case SF_FORMAT_WAV -> out.add(AudioFileType.WAV);
                case SF_FORMAT_AIFF -> out.add(AudioFileType.AIFF);
                case SF_FORMAT_AU -> out.add(AudioFileType.AU);
                case SF_FORMAT_W64 -> out.add(AudioFileType.W64);
                case SF_FORMAT_CAF -> out.add(AudioFileType.CAF);
                case SF_FORMAT_OGG -> {
                    if (subtypes.contains(SF_FORMAT_VORBIS)) {
                        out.add(AudioFileType.OGG_VORBIS);
                    }
                    if (subtypes.contains(SF_FORMAT_OPUS)) {
                        out.add(AudioFileType.OGG_OPUS);
                    }
                }
                case SF_FORMAT_MPEG -> {
                    if (subtypes.contains(SF_FORMAT_MPEG_LAYER_III)) {
                        out.add(AudioFileType.MP3);
                    }
                }
                default -> {}
            }
        }
        return out;
    }

    private List<Integer> formats(int countCommand, int infoCommand) throws Throwable {
        List<Integer> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            int rc = (int) sfCommand.invokeExact(MemorySegment.NULL, countCommand, count, (int) JAVA_INT.byteSize());
            int n = count.get(JAVA_INT, 0);
            if (rc != 0 || n < 0 || n > 1000) {
                return out;
            }
            MemorySegment info = arena.allocate(SF_FORMAT_INFO);
            for (int i = 0; i < n; i++) {
                info.set(JAVA_INT, 0, i);
                rc = (int)
                        sfCommand.invokeExact(MemorySegment.NULL, infoCommand, info, (int) SF_FORMAT_INFO.byteSize());
                if (rc == 0) {
                    out.add(info.get(JAVA_INT, 0));
                }
            }
        }
        return out;
    }

    /** {@code sf_open(path, SFM_READ, info)}: the SNDFILE handle, or {@link MemorySegment#NULL} on failure. */
    MemorySegment open(MemorySegment path, MemorySegment info) {
        try {
            return (MemorySegment) sfOpen.invokeExact(path, SFM_READ, info);
        } catch (Throwable e) {
            throw unexpected("sf_open", e);
        }
    }

    /** {@code sf_readf_float}: frames read into {@code buffer} (interleaved float32). */
    long readfFloat(MemorySegment sndfile, MemorySegment buffer, long frames) {
        try {
            return (long) sfReadfFloat.invokeExact(sndfile, buffer, frames);
        } catch (Throwable e) {
            throw unexpected("sf_readf_float", e);
        }
    }

    /** {@code sf_seek(sndfile, frame, SEEK_SET)}: the new position, or -1. */
    long seek(MemorySegment sndfile, long frame) {
        try {
            return (long) sfSeek.invokeExact(sndfile, frame, SEEK_SET);
        } catch (Throwable e) {
            throw unexpected("sf_seek", e);
        }
    }

    /** {@code sf_error}: 0 when the handle (or, for NULL, the last failed open) has no error. */
    int error(MemorySegment sndfile) {
        try {
            return (int) sfError.invokeExact(sndfile);
        } catch (Throwable e) {
            throw unexpected("sf_error", e);
        }
    }

    /** {@code sf_strerror}: the error of the handle (or, for NULL, of the last failed open) in words. */
    String strerror(MemorySegment sndfile) {
        try {
            return cString((MemorySegment) sfStrerror.invokeExact(sndfile));
        } catch (Throwable e) {
            throw unexpected("sf_strerror", e);
        }
    }

    /** {@code sf_close}: 0 on success. */
    int close(MemorySegment sndfile) {
        try {
            return (int) sfClose.invokeExact(sndfile);
        } catch (Throwable e) {
            throw unexpected("sf_close", e);
        }
    }

    private static String cString(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(4096).getString(0);
    }

    private static IllegalStateException unexpected(String call, Throwable e) {
        return new IllegalStateException(call + " failed in the FFM binding: " + e, e);
    }
}
