package io.spectro.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Truncates and mutates valid files at many offsets: the reader must either decode (never more frames than the
 * bytes present hold) or throw {@link WavFormatException}; any other exception, or a hang, fails.
 */
class WavReaderFuzzTest {

    /** Small files covering the header variants: plain, extensible, RF64, chunks everywhere, fmt after data, G.711. */
    static final List<String> SEEDS = List.of(
            "pcm_u8_mono_8k.wav",
            "ext_pcm_24in32_stereo_48k.wav",
            "rf64_s16_stereo_48k.wav",
            "chunks_everywhere_s16_stereo_22k.wav",
            "fmt_after_data_s16_mono_16k.wav",
            "ext_mulaw_mono_8k.wav",
            "ffmpeg_pipe_f32_stereo_44k.wav",
            "stream_size_zero_s16_mono_16k.wav",
            "float64_mono_48k.wav");

    private int decoded;
    private int rejected;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void truncationsAndMutationsGiveOnlyTypedErrorsOrValidAudio() throws IOException {
        SplittableRandom rnd = new SplittableRandom(1234);
        for (String seed : SEEDS) {
            byte[] file = Files.readAllBytes(Corpus.audio(seed));
            // Every truncation inside the first 512 bytes (the headers), then every 97th.
            for (int len = 0; len < file.length; len += len < 512 ? 1 : 97) {
                check(seed + " truncated to " + len, Arrays.copyOf(file, len));
            }
            // Each header byte (the first 128 and every chunk header region) set to interesting values.
            int[] values = {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE};
            for (int at = 0; at < Math.min(file.length, 128); at++) {
                for (int v : values) {
                    byte[] m = file.clone();
                    m[at] = (byte) v;
                    check(seed + " byte " + at + " = " + v, m);
                }
            }
            // Random multi-byte mutations anywhere, some with truncation.
            for (int i = 0; i < 400; i++) {
                byte[] m = file.clone();
                int edits = 1 + rnd.nextInt(8);
                for (int e = 0; e < edits; e++) {
                    int at = rnd.nextInt(Math.min(m.length, rnd.nextBoolean() ? 96 : m.length));
                    m[at] = (byte) rnd.nextInt(256);
                }
                if (rnd.nextInt(4) == 0) {
                    m = Arrays.copyOf(m, rnd.nextInt(m.length + 1));
                }
                check(seed + " random mutation " + i, m);
            }
        }
        assertTrue(decoded > 1000 && rejected > 1000, "decoded " + decoded + ", rejected " + rejected);
    }

    private void check(String what, byte[] bytes) {
        for (WavReader.Options options : List.of(WavReader.Options.LENIENT, WavReader.Options.STRICT)) {
            try (WavReader r = WavReader.open(new ByteArrayChannel(bytes), what, options)) {
                WavInfo info = r.info();
                assertTrue(info.frameCount() >= 0, what);
                assertTrue(info.dataOffset() + info.dataBytes() <= bytes.length, what + ": " + info);
                assertEquals(info.frameCount() * info.blockAlign(), info.dataBytes(), what);
                AudioClip all = r.readRemaining(ChannelMode.ALL);
                assertEquals(info.frameCount(), all.frames(), what);
                decoded++;
            } catch (WavFormatException e) {
                assertTrue(e.getMessage().startsWith(what + ": at byte "), e.getMessage());
                assertTrue(e.byteOffset() >= 0 && e.byteOffset() <= bytes.length, e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail(what + " (" + options + "): " + t, t);
            }
            // The same bytes as a forward-only stream (a pipe): also only typed errors, never more than is there.
            try (WavReader r =
                    WavReader.openStream(Channels.newChannel(new ByteArrayInputStream(bytes)), what, options)) {
                AudioClip all = r.readRemaining(ChannelMode.ALL);
                assertTrue(
                        r.info().dataOffset() + (long) all.frames() * r.info().blockAlign() <= bytes.length, what);
                decoded++;
            } catch (WavFormatException e) {
                assertTrue(e.getMessage().startsWith(what + ": at byte "), e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail(what + " as a stream (" + options + "): " + t, t);
            }
        }
    }
}
