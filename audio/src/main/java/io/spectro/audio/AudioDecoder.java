package io.spectro.audio;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decodes an audio file of any common format to float32: WAV in pure Java ({@link WavReader}), everything else
 * (FLAC, MP3, Ogg Vorbis/Opus, M4A/AAC, ...) through an {@code ffmpeg} found on the {@code PATH}.
 *
 * <p>For a non-WAV file it runs {@code ffmpeg -nostdin -v error -i file:FILE -map 0:a:0 -f wav -acodec pcm_f32le -}
 * (first audio stream, every channel, the file's own rate, float32) and parses that WAV stream with {@link
 * WavReader#openStream}; channel mixing and selection are then done here exactly as for WAV files. ffmpeg's stderr
 * is drained on a thread, so the process never blocks; when it fails, the error names the file and gives ffmpeg's
 * last stderr line (and its first, when they differ: ffmpeg often prints the cause first).
 *
 * <p>A {@code .wav} file that turns out not to be WAV (a FLAC named {@code .wav}) or to hold an encoding {@link
 * WavReader} does not decode (ADPCM, ...) is handed to ffmpeg too, when ffmpeg is available; otherwise the {@link
 * WavFormatException} is thrown.
 */
public final class AudioDecoder {
    private static final int STDERR_LINES = 20;
    private static final long EXIT_WAIT_SECONDS = 30;

    private AudioDecoder() {}

    /**
     * Decodes a whole file into memory.
     *
     * @param file the audio file; {@code .wav} (any case) is read by {@link WavReader}, anything else by ffmpeg
     * @param mode which channels to keep ({@link ChannelMode#ALL}: interleaved)
     * @throws WavFormatException if a {@code .wav} file is broken (or not WAV and ffmpeg is absent)
     * @throws AudioDecodeException if ffmpeg is needed but not on the {@code PATH}, or fails
     */
    public static AudioClip decode(Path file, ChannelMode mode) throws IOException {
        return decode(file, mode, findFfmpeg());
    }

    /** The {@code ffmpeg} executable on the {@code PATH}, if any. */
    public static Optional<Path> findFfmpeg() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        boolean windows = File.separatorChar == '\\';
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : windows ? List.of("ffmpeg.exe", "ffmpeg") : List.of("ffmpeg")) {
                try {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (RuntimeException ignored) {
                    // an unparsable PATH entry: skip it
                }
            }
        }
        return Optional.empty();
    }

    /** {@link #decode(Path, ChannelMode)} with an explicit ffmpeg (empty: none available). */
    static AudioClip decode(Path file, ChannelMode mode, Optional<Path> ffmpeg) throws IOException {
        String ext = extension(file);
        if (ext.equals("wav") || ext.equals("wave")) {
            try {
                return WavReader.readAll(file, mode);
            } catch (WavFormatException e) {
                boolean ffmpegMightDecode = e.kind() == WavFormatException.Kind.NOT_WAV
                        || e.kind() == WavFormatException.Kind.UNSUPPORTED_ENCODING;
                if (ffmpegMightDecode && ffmpeg.isPresent()) {
                    try {
                        return viaFfmpeg(file, mode, ffmpeg.get());
                    } catch (AudioDecodeException f) {
                        e.addSuppressed(f);
                    }
                }
                throw e;
            }
        }
        if (ffmpeg.isEmpty()) {
            String format = ext.isEmpty() ? "A file without a .wav extension" : ext.toUpperCase(Locale.ROOT);
            throw new AudioDecodeException(file + ": " + format + " needs ffmpeg on the PATH (apt-get install ffmpeg)");
        }
        return viaFfmpeg(file, mode, ffmpeg.get());
    }

    private static String extension(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString();
        int dot = s.lastIndexOf('.');
        return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static AudioClip viaFfmpeg(Path file, ChannelMode mode, Path ffmpeg) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        List<String> command = List.of(
                ffmpeg.toString(),
                "-nostdin",
                "-v",
                "error",
                "-i",
                "file:" + file.toAbsolutePath(),
                "-map",
                "0:a:0",
                "-f",
                "wav",
                "-acodec",
                "pcm_f32le",
                "-");
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AudioDecodeException(file + ": could not run " + ffmpeg + ": " + e.getMessage(), e);
        }
        StderrTail stderr = new StderrTail(process.getErrorStream());
        Thread drain = Thread.ofPlatform().daemon().name("ffmpeg-stderr").start(stderr);
        try {
            process.getOutputStream().close();
            AudioClip clip;
            String name = file + " (decoded by ffmpeg)";
            try (WavReader reader = WavReader.openStream(
                    Channels.newChannel(process.getInputStream()), name, WavReader.Options.LENIENT)) {
                clip = reader.readRemaining(mode);
            } catch (WavFormatException e) {
                int code = exitCode(process, drain);
                if (code != 0) {
                    throw failed(file, code, stderr, e);
                }
                throw new AudioDecodeException(file + ": ffmpeg's output could not be read: " + e.getMessage(), e);
            }
            int code = exitCode(process, drain);
            if (code != 0) {
                throw failed(file, code, stderr, null);
            }
            return clip;
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static int exitCode(Process process, Thread drain) throws IOException {
        try {
            if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            drain.join(TimeUnit.SECONDS.toMillis(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new java.io.InterruptedIOException("interrupted while waiting for ffmpeg");
        }
    }

    private static AudioDecodeException failed(Path file, int code, StderrTail stderr, Exception cause) {
        String last = stderr.lastLine();
        String first = stderr.firstLine();
        String message = file + ": ffmpeg failed (exit code " + code + ")"
                + (last.isEmpty() ? " without a message" : ": " + last)
                + (first.equals(last) ? "" : " (its first error: " + first + ")");
        return cause == null ? new AudioDecodeException(message) : new AudioDecodeException(message, cause);
    }

    /** Reads a process's stderr to the end, keeping its first line and its last lines. */
    private static final class StderrTail implements Runnable {
        private final InputStream in;
        private final Deque<String> lines = new ArrayDeque<>();
        private String first = "";

        StderrTail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    synchronized (lines) {
                        if (first.isEmpty()) {
                            first = line.length() > 500 ? line.substring(0, 500) + "..." : line.strip();
                        }
                        lines.addLast(line.length() > 500 ? line.substring(0, 500) + "..." : line.strip());
                        if (lines.size() > STDERR_LINES) {
                            lines.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was destroyed: what was read is kept
            }
        }

        String firstLine() {
            synchronized (lines) {
                return first;
            }
        }

        String lastLine() {
            synchronized (lines) {
                return lines.isEmpty() ? "" : lines.getLast();
            }
        }
    }
}
