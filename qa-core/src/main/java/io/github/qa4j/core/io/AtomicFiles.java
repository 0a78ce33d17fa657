package io.github.qa4j.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes files so that readers see either the old content or the whole new one, never a part.
 *
 * <p>The content goes to a hidden temporary file beside the target, is forced to disk, and is then
 * renamed over the target; the folder is forced too, so that the rename survives a power loss. The
 * temporary file is removed on failure and, through {@link TempFiles}, when the JVM is stopped by a
 * signal in the middle of the write.
 */
public final class AtomicFiles {

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface Writer {
    /** Writes everything to {@code out}; do not close it. */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target} through a temporary file in the same directory, then renames it into
   * place. On failure the temporary file is deleted and {@code target} is left as it was.
   */
  public static void write(Path target, Writer writer) throws IOException {
    writeAll(Map.of(target, writer));
  }

  /**
   * Writes several files as one set: every file goes to its temporary file first, and only when all
   * are complete are they renamed into place, in iteration order. When any write fails, every
   * temporary file is deleted and no target is touched. (A rename failing after the first one
   * succeeded, which the file system does not do within a folder, would leave the set mixed.)
   *
   * @param files each target with the writer of its content; distinct targets
   */
  public static void writeAll(Map<Path, Writer> files) throws IOException {
    Map<Path, Path> staged = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, Writer> file : files.entrySet()) {
        Path absolute = file.getKey().toAbsolutePath();
        if (staged.containsKey(absolute)) {
          throw new IllegalArgumentException(absolute + " is in the set twice");
        }
        staged.put(absolute, stage(absolute, file.getValue()));
      }
      for (Map.Entry<Path, Path> file : staged.entrySet()) {
        moveIntoPlace(file.getValue(), file.getKey());
      }
    } finally {
      for (Path tmp : staged.values()) {
        TempFiles.delete(tmp);
      }
    }
  }

  /** The complete content of {@code absolute}, forced to disk in a temporary file beside it. */
  private static Path stage(Path absolute, Writer writer) throws IOException {
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = TempFiles.createFile(dir, "." + absolute.getFileName(), ".tmp");
    try {
      // Temp files are owner-only; the result should have ordinary file permissions.
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(
            tmp,
            Files.exists(absolute)
                ? Files.getPosixFilePermissions(absolute)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        writer.writeTo(out);
        out.flush();
        channel.force(true);
      }
      return tmp;
    } catch (IOException | RuntimeException | Error e) {
      try {
        TempFiles.delete(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Writes a UTF-8 string atomically. */
  public static void writeString(Path target, String content) throws IOException {
    write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * Renames {@code source} to {@code target} atomically where the file system can, replacing {@code
   * target} if it is a file, then forces the folder so that the rename is durable.
   */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    TempFiles.release(source);
    forceDirectory(target.toAbsolutePath().getParent());
  }

  /** Forces a folder's entries to disk where the platform allows opening a folder (Linux). */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; its renames are durable enough for us.
    }
  }
}
