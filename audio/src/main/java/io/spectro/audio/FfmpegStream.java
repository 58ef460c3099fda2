package io.spectro.audio;

import io.spectro.audio.AudioDecodeException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A file decoded by an {@code ffmpeg} process: {@code ffmpeg -nostdin -v error -i file:FILE -map 0:a:0 -f wav
 * -acodec pcm_f32le -} (first audio stream, every channel, the file's own rate, float32), whose stdout is parsed as
 * it arrives by {@link WavReader#openStream}. ffmpeg's stderr is drained on a thread so the process never blocks.
 *
 * <p>The stream owns the process: {@link #close()} destroys it if it is still running. When the output ends, the
 * exit code is checked; a failure names the file and gives ffmpeg's last stderr line (and its first, when they
 * differ: ffmpeg often prints the cause first). The stream cannot seek.
 */
final class FfmpegStream extends WavStream {
    private static final int STDERR_LINES = 20;
    private static final long EXIT_WAIT_SECONDS = 30;

    private final String sourceName;
    private final Process process;
    private final StderrTail stderr;
    private final Thread drain;
    private boolean finished;

    private FfmpegStream(
            WavReader reader,
            AudioFileType type,
            String encoding,
            String sourceName,
            Process process,
            StderrTail stderr,
            Thread drain) {
        super(reader, type, DecoderBackend.FFMPEG, encoding, false);
        this.sourceName = sourceName;
        this.process = process;
        this.stderr = stderr;
        this.drain = drain;
    }

    /**
     * Starts ffmpeg on {@code file} and reads the header of its output.
     *
     * @param type what the file holds, for {@link AudioStreamInfo#fileType()}
     * @throws NoSuchFileException if {@code file} is not a regular file
     * @throws AudioDecodeException if ffmpeg cannot be run, fails, or writes something that is not WAV
     */
    static FfmpegStream open(Path file, Path ffmpeg, AudioFileType type) throws IOException {
        return open(file, file.toString(), ffmpeg, type);
    }

    /** As {@link #open(Path, Path, AudioFileType)}, naming the source {@code sourceName} in messages. */
    static FfmpegStream open(Path file, String sourceName, Path ffmpeg, AudioFileType type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(sourceName, null, "no such file");
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
            throw new AudioDecodeException(
                    sourceName, -1, Kind.DECODER_FAILED, "could not run " + ffmpeg + ": " + e.getMessage(), e);
        }
        StderrTail stderr = new StderrTail(process.getErrorStream());
        Thread drain = Thread.ofPlatform().daemon().name("ffmpeg-stderr").start(stderr);
        try {
            process.getOutputStream().close();
            WavReader reader;
            try {
                reader = WavReader.openStream(
                        Channels.newChannel(process.getInputStream()),
                        sourceName + " (decoded by ffmpeg)",
                        WavReader.Options.LENIENT);
            } catch (WavFormatException e) {
                int code = exitCode(process, drain);
                if (code != 0) {
                    throw failed(sourceName, code, stderr, e);
                }
                throw new AudioDecodeException(
                        sourceName, -1, Kind.DECODER_FAILED, "ffmpeg's output could not be read: " + e.getMessage(), e);
            }
            return new FfmpegStream(reader, type, encodingName(file, type), sourceName, process, stderr, drain);
        } catch (IOException | RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String encodingName(Path file, AudioFileType type) {
        String what = type.displayName();
        if (type == AudioFileType.UNKNOWN) {
            String ext = AudioDecoder.extension(file);
            what = ext.isEmpty() ? "unknown format" : ext.toUpperCase(java.util.Locale.ROOT);
        }
        return what + " (decoded by ffmpeg)";
    }

    @Override
    AudioClip readRemaining(ChannelMode mode) throws IOException {
        AudioClip clip;
        try {
            clip = super.readRemaining(mode);
        } catch (WavFormatException e) {
            finish(e);
            throw new AudioDecodeException(
                    sourceName, -1, Kind.DECODER_FAILED, "ffmpeg's output could not be read: " + e.getMessage(), e);
        }
        finish(null);
        return clip;
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames) throws IOException {
        return checked(super.read(dst, offset, maxFrames), maxFrames);
    }

    @Override
    public int read(float[] dst, int offset, int maxFrames, ChannelMode mode) throws IOException {
        return checked(super.read(dst, offset, maxFrames, mode), maxFrames);
    }

    @Override
    public int readPlanar(float[][] dst, int offset, int maxFrames) throws IOException {
        return checked(super.readPlanar(dst, offset, maxFrames), maxFrames);
    }

    /** A short read is the end of ffmpeg's output: check how ffmpeg ended. */
    private int checked(int frames, int maxFrames) throws IOException {
        if (frames < maxFrames) {
            finish(null);
        }
        return frames;
    }

    private void finish(Exception cause) throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        int code = exitCode(process, drain);
        if (code != 0) {
            throw failed(sourceName, code, stderr, cause);
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
            throw new InterruptedIOException("interrupted while waiting for ffmpeg");
        }
    }

    private static AudioDecodeException failed(String sourceName, int code, StderrTail stderr, Exception cause) {
        String last = stderr.lastLine();
        String first = stderr.firstLine();
        String reason = "ffmpeg failed (exit code " + code + ")"
                + (last.isEmpty() ? " without a message" : ": " + last)
                + (first.equals(last) ? "" : " (its first error: " + first + ")");
        return new AudioDecodeException(sourceName, -1, Kind.DECODER_FAILED, reason, cause);
    }

    /** Destroys the process if it is still running, and closes its output. */
    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        } finally {
            super.close();
        }
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
                    String kept = line.length() > 500 ? line.substring(0, 500) + "..." : line.strip();
                    synchronized (lines) {
                        if (first.isEmpty()) {
                            first = kept;
                        }
                        lines.addLast(kept);
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
