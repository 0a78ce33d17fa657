package io.github.qa4j.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary files and folders that must not outlive the JVM: each is deleted by a shutdown hook if
 * the code that made it has not removed or renamed it by then.
 *
 * <p>{@link ExitGuard}'s shutdown hook runs on normal exit and on SIGTERM, SIGINT and SIGHUP, so
 * {@code kill -TERM} or Ctrl-C during a long write leaves no hidden {@code .NAME...tmp} behind.
 * Nothing can run on {@code kill -9}; {@link AtomicFiles} at least never leaves a partial file
 * under the final name.
 */
public final class TempFiles {

  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    // Its shutdown hook deletes what is pending here, after native work in progress has ended.
    ExitGuard.install();
  }

  private TempFiles() {}

  /** Makes an empty temporary file in {@code dir}, deleted at shutdown unless {@link #release}d. */
  public static Path createFile(Path dir, String prefix, String suffix) throws IOException {
    return register(Files.createTempFile(dir, prefix, suffix));
  }

  /** Makes an empty temporary folder in {@code dir}, deleted with its content at shutdown. */
  public static Path createDirectory(Path dir, String prefix) throws IOException {
    return register(Files.createTempDirectory(dir, prefix));
  }

  /**
   * Deletes {@code path} (a file, or a folder with its content) if it still exists and forgets it.
   */
  public static void delete(Path path) throws IOException {
    try {
      deleteTree(path);
    } finally {
      PENDING.remove(path);
    }
  }

  /** Forgets {@code path}: it was renamed into place and is no longer temporary. */
  public static void release(Path path) {
    PENDING.remove(path);
  }

  /** The paths that would be deleted at shutdown now; for tests. */
  static Set<Path> pending() {
    return Set.copyOf(PENDING);
  }

  private static Path register(Path path) {
    PENDING.add(path);
    return path;
  }

  static void deleteAll() {
    for (Path p : PENDING) {
      try {
        deleteTree(p);
      } catch (IOException | RuntimeException e) {
        // Best effort while the JVM goes down: there is nobody left to tell.
      }
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(path);
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
