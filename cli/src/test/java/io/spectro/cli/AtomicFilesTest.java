package io.spectro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("d"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fileAppearsOnlyWhenCommitted() throws IOException {
        Path target = tmp.resolve("d/out.npy");
        try (AtomicFiles.Pending p = AtomicFiles.begin(target)) {
            p.out().write(new byte[] {1, 2, 3});
            p.out().flush();
            assertFalse(Files.exists(target));
            assertEquals(1, names().size(), "only the temporary file");
            assertEquals(1, AtomicFiles.openTemporaryFiles().size());
            p.commit();
        }
        assertEquals(List.of("out.npy"), names());
        assertEquals(3, Files.size(target));
        assertEquals(List.of(), AtomicFiles.openTemporaryFiles());
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = tmp.resolve("d/out.npy");
        AtomicFiles.write(target, new byte[] {9});
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write(new byte[1000]);
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        assertEquals(List.of("out.npy"), names());
        assertEquals(1, Files.size(target), "the previous content is intact");
        assertEquals(List.of(), AtomicFiles.openTemporaryFiles());
    }

    @Test
    void closingWithoutCommitDiscards() throws IOException {
        Path target = tmp.resolve("d/never.npy");
        try (AtomicFiles.Pending p = AtomicFiles.begin(target)) {
            p.out().write(1);
        }
        assertEquals(List.of(), names());
    }
}
