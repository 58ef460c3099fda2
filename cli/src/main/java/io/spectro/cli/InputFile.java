package io.spectro.cli;

import io.spectro.cli.support.UsageException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One input of {@code spectro extract}.
 *
 * @param path the file
 * @param source the path as shown in the manifest: the command-line argument joined with the path below it
 * @param relative the path below the input folder with {@code /} separators (the file name for a file argument)
 * @param rootName the name of the folder argument it was found in, or of the file's parent folder
 * @param sizeBytes the file's size
 * @param modifiedMillis its modification time
 */
record InputFile(Path path, String source, String relative, String rootName, long sizeBytes, long modifiedMillis) {

    /** Extensions found in folders: WAV (decoded in Java) and formats ffmpeg decodes. */
    static final List<String> FOLDER_EXTENSIONS =
            List.of("wav", "wave", "flac", "mp3", "ogg", "oga", "opus", "m4a", "aac", "aif", "aiff", "wma", "webm");

    /** {@link #relative()} without its extension. */
    String relativeStem() {
        int dot = relative.lastIndexOf('.');
        int slash = relative.lastIndexOf('/');
        return dot > slash + 1 ? relative.substring(0, dot) : relative;
    }

    /** The folder part of {@link #relative()} ({@code ""} at the top). */
    String relativeFolder() {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? "" : relative.substring(0, slash);
    }

    /** The file name without its extension. */
    String stem() {
        String s = relativeStem();
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** The name of the folder holding the file (for {@code --labels dirs}). */
    String parentName() {
        String folder = relativeFolder();
        return folder.isEmpty() ? rootName : folder.substring(folder.lastIndexOf('/') + 1);
    }

    /** The lower-case extension ({@code ""} when none). */
    String extension() {
        return extensionOf(path.getFileName().toString());
    }

    static String extensionOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The inputs named by {@code args}: files as given (any extension), folders recursed for {@link
     * #FOLDER_EXTENSIONS} (case-insensitive), skipping hidden files and folders and anything inside {@code outDir}.
     * Folders are listed in path order, files grouped by folder. The same file named twice is listed once.
     *
     * @throws UsageException when an argument does not exist
     */
    static List<InputFile> scan(List<String> args, Path outDir) throws UsageException, IOException {
        Path out = outDir.toAbsolutePath().normalize();
        List<InputFile> found = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (String arg : args) {
            Path p = Path.of(arg);
            if (!Files.exists(p)) {
                throw new UsageException("input not found: " + arg);
            }
            if (Files.isDirectory(p)) {
                List<InputFile> inFolder = new ArrayList<>();
                Path root = p.toAbsolutePath().normalize();
                String rootName = root.getFileName() == null
                        ? "audio"
                        : root.getFileName().toString();
                Files.walkFileTree(p, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        Path abs = dir.toAbsolutePath().normalize();
                        if (abs.startsWith(out) || (!dir.equals(p) && hidden(dir))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!attrs.isRegularFile() && !Files.isRegularFile(file)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (hidden(file)
                                || !FOLDER_EXTENSIONS.contains(
                                        extensionOf(file.getFileName().toString()))) {
                            return FileVisitResult.CONTINUE;
                        }
                        Path abs = file.toAbsolutePath().normalize();
                        if (seen.add(abs)) {
                            String rel = p.relativize(file).toString().replace('\\', '/');
                            inFolder.add(new InputFile(
                                    file,
                                    file.toString(),
                                    rel,
                                    rootName,
                                    attrs.size(),
                                    attrs.lastModifiedTime().toMillis()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        // unreadable entries are reported when opened; a folder we cannot list is skipped
                        return FileVisitResult.CONTINUE;
                    }
                });
                inFolder.sort(Comparator.comparing(InputFile::relativeFolder).thenComparing(InputFile::relative));
                found.addAll(inFolder);
            } else {
                Path abs = p.toAbsolutePath().normalize();
                if (seen.add(abs)) {
                    Path parent = abs.getParent();
                    String rootName = parent == null || parent.getFileName() == null
                            ? "audio"
                            : parent.getFileName().toString();
                    BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class);
                    found.add(new InputFile(
                            p,
                            arg,
                            p.getFileName().toString(),
                            rootName,
                            attrs.size(),
                            attrs.lastModifiedTime().toMillis()));
                }
            }
        }
        return found;
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** Whether the file still exists as a regular file. */
    boolean exists() {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path);
    }
}
