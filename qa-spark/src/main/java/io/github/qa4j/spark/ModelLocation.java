package io.github.qa4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where a model comes from: a Hadoop {@link FileSystem} directory (a location with a URI scheme
 * such as {@code file:}, {@code hdfs:} or {@code s3a:}), copied to a local directory once per
 * executor; or anything else, which qa4j's {@code ModelResolver} resolves on the executor itself.
 */
final class ModelLocation {

  /** A URI scheme of two or more letters: {@code C:\...} stays a local path. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

  private static final String MAVEN_PREFIX = "maven:";

  private ModelLocation() {}

  /** Whether {@code location} names a Hadoop file system directory rather than a resolver name. */
  static boolean isFileSystemPath(String location) {
    return SCHEME.matcher(location).matches() && !location.startsWith(MAVEN_PREFIX);
  }

  /**
   * Checks on the driver that a file system model directory exists and has a {@code config.json},
   * so that a wrong path fails before any task starts.
   *
   * @throws IOException naming the location when it is not a readable model directory
   */
  static void checkExists(String location, Configuration conf) throws IOException {
    if (!isFileSystemPath(location)) {
      return;
    }
    org.apache.hadoop.fs.Path dir = hadoopPath(location);
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(dir);
    } catch (FileNotFoundException e) {
      throw new IOException("model directory " + location + " does not exist", e);
    }
    if (!status.isDirectory()) {
      throw new IOException("model location " + location + " is a file, not a model directory");
    }
    if (!fs.exists(new org.apache.hadoop.fs.Path(dir, "config.json"))) {
      throw new IOException("model directory " + location + " has no config.json");
    }
  }

  /**
   * A local directory with the model's files: for a file system location, a copy under {@code
   * localRoot} named after the location and its files' sizes and modification times (so that a
   * changed model is copied again), made through a temporary directory and an atomic rename, so
   * that concurrent executors on one host never see a half-copied model. Other locations are
   * returned unchanged, for the resolver.
   */
  static String stage(String location, Configuration conf, Path localRoot) throws IOException {
    if (!isFileSystemPath(location)) {
      return location;
    }
    org.apache.hadoop.fs.Path dir = hadoopPath(location);
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] listed;
    try {
      listed = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      throw new IOException("model directory " + location + " does not exist", e);
    }
    // Only the directory's own files: a training run's checkpoint sub-folders are not needed.
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus s : listed) {
      if (s.isFile()) {
        files.add(s);
      }
    }
    files.sort(Comparator.comparing(s -> s.getPath().getName()));
    Path target = localRoot.resolve(key(location, files));
    if (Files.isDirectory(target)) {
      return target.toString();
    }
    Files.createDirectories(localRoot);
    Path tmp = Files.createTempDirectory(localRoot, ".staging-");
    try {
      for (FileStatus s : files) {
        try (InputStream in = fs.open(s.getPath())) {
          Files.copy(in, tmp.resolve(s.getPath().getName()));
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another executor on this host finished the same copy first: use theirs.
        if (!Files.isDirectory(target)) {
          throw e;
        }
      }
    } finally {
      deleteRecursively(tmp);
    }
    return target.toString();
  }

  private static org.apache.hadoop.fs.Path hadoopPath(String location) throws IOException {
    try {
      return new org.apache.hadoop.fs.Path(new URI(location));
    } catch (URISyntaxException e) {
      throw new IOException("model location " + location + " is not a valid URI", e);
    }
  }

  private static String key(String location, List<FileStatus> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(location.getBytes(StandardCharsets.UTF_8));
      for (FileStatus s : files) {
        String entry =
            "\n" + s.getPath().getName() + "\t" + s.getLen() + "\t" + s.getModificationTime();
        sha.update(entry.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(Arrays.copyOf(sha.digest(), 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
