package io.github.qa4j.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.AtomicFiles;
import io.github.qa4j.core.io.ExitGuard;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.io.TempFiles;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.train.optim.AdamW;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code checkpoint-N} folders of an output directory, as transformers' Trainer lays them out:
 * the model ({@code config.json}, {@code model.safetensors}) and its tokenizer ({@code
 * tokenizer.json}, {@code tokenizer_config.json}, {@code special_tokens_map.json}), the optimizer
 * state ({@code optimizer.safetensors}), {@code trainer_state.json} and {@code training_args.json}.
 *
 * <p>A checkpoint is written into a hidden temporary folder beside its final place and renamed into
 * place when complete, so a crash or a {@code kill -9} never leaves a {@code checkpoint-N} that
 * resuming would pick up half written. A hidden folder left by {@code kill -9} is ignored and
 * removed by the next checkpoint write.
 */
public final class Checkpoints {

  /** The name of the optimizer state file in a checkpoint. */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";

  private static final String PREFIX = "checkpoint-";
  private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)");
  private static final String TEMP_PREFIX = "." + PREFIX;

  private Checkpoints() {}

  /** The folder of the checkpoint at {@code step} in {@code outputDir}. */
  public static Path directory(Path outputDir, long step) {
    return outputDir.resolve(PREFIX + step);
  }

  /**
   * The complete checkpoint with the highest step in {@code outputDir}, as transformers' {@code
   * get_last_checkpoint}; empty when there is none or the folder does not exist.
   */
  public static Optional<Path> lastComplete(Path outputDir) throws IOException {
    return list(outputDir).stream().reduce((a, b) -> b);
  }

  /** The complete checkpoints in {@code outputDir}, by increasing step. */
  public static List<Path> list(Path outputDir) throws IOException {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(outputDir)) {
      return found;
    }
    try (Stream<Path> entries = Files.list(outputDir)) {
      entries
          .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .filter(Checkpoints::isComplete)
          .forEach(found::add);
    }
    found.sort(Comparator.comparingLong(Checkpoints::step));
    return found;
  }

  /** Whether {@code dir} looks like a complete checkpoint folder. */
  public static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(TrainerState.FILE))
        && Files.isRegularFile(dir.resolve(OPTIMIZER_FILE));
  }

  /**
   * Deletes every checkpoint of {@code outputDir}, complete or left half written by a killed run,
   * as {@code --overwrite_output_dir} asks.
   */
  public static void deleteAll(Path outputDir) throws IOException {
    if (!Files.isDirectory(outputDir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(outputDir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (NAME.matcher(name).matches() || name.startsWith(TEMP_PREFIX)) {
          TempFiles.delete(p);
        }
      }
    }
  }

  /** The step of a {@code checkpoint-N} folder. */
  static long step(Path dir) {
    Matcher m = NAME.matcher(dir.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(dir + " is not a checkpoint-N folder");
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * Writes the checkpoint of {@code state.globalStep()} into {@code outputDir} atomically and
   * returns its folder. The JVM's exit waits for a write in progress (see {@link ExitGuard}), so a
   * {@code kill -TERM} leaves either the whole checkpoint or none.
   */
  @SuppressWarnings("try") // the section is held for the block's duration, not used in it
  static Path write(
      Path outputDir,
      QaModel model,
      Path tokenizerFile,
      AdamW optimizer,
      TrainerState state,
      JsonObject trainingArgs)
      throws IOException {
    try (ExitGuard.Section section = ExitGuard.section()) {
      Files.createDirectories(outputDir);
      removeAbandoned(outputDir);
      Path target = directory(outputDir, state.globalStep());
      Path tmp = TempFiles.createDirectory(outputDir, TEMP_PREFIX + state.globalStep() + ".");
      try {
        saveModel(model, tmp, tokenizerFile);
        saveOptimizer(optimizer, tmp.resolve(OPTIMIZER_FILE));
        state.write(tmp);
        TrainingArguments.write(tmp, trainingArgs);
        if (Files.exists(target)) {
          TempFiles.delete(target);
        }
        AtomicFiles.moveIntoPlace(tmp, target);
      } finally {
        TempFiles.delete(tmp);
      }
      return target;
    }
  }

  /**
   * Saves the model, a copy of its tokenizer and the tokenizer's {@code tokenizer_config.json} and
   * {@code special_tokens_map.json} into {@code dir}; the JVM's exit waits for it (see {@link
   * ExitGuard}).
   */
  @SuppressWarnings("try") // the section is held for the block's duration, not used in it
  static void saveModel(QaModel model, Path dir, Path tokenizerFile) throws IOException {
    try (ExitGuard.Section section = ExitGuard.section()) {
      model.save(dir);
    }
    Files.createDirectories(dir);
    Path target = dir.resolve("tokenizer.json");
    if (!Files.exists(target) || !Files.isSameFile(target, tokenizerFile)) {
      Files.copy(tokenizerFile, target, StandardCopyOption.REPLACE_EXISTING);
    }
    TokenizerConfigs.write(dir, model.layout().padLeft());
  }

  /**
   * Deletes the oldest checkpoints of {@code outputDir} beyond {@code limit}, as transformers'
   * {@code save_total_limit} does: the best checkpoint, when there is one, is kept, and with a
   * limit of 1 the last one is kept beside it so that training can resume.
   *
   * @param limit checkpoints to keep; 0 keeps all
   * @param best the best checkpoint's folder, or null
   */
  static void rotate(Path outputDir, int limit, Path best) throws IOException {
    if (limit <= 0) {
      return;
    }
    List<Path> sorted = list(outputDir);
    int bestIndex = best == null ? -1 : indexOf(sorted, best);
    if (bestIndex >= 0) {
      // transformers moves the best one to the second-to-last place, out of the deleted prefix.
      Path keep = sorted.remove(bestIndex);
      sorted.add(Math.max(bestIndex, sorted.size() - 1), keep);
    }
    int keep = limit;
    if (bestIndex >= 0 && limit == 1 && !sorted.get(sorted.size() - 1).equals(best)) {
      keep = 2;
    }
    for (Path old : sorted.subList(0, Math.max(0, sorted.size() - keep))) {
      TempFiles.delete(old);
    }
  }

  private static int indexOf(List<Path> checkpoints, Path dir) {
    for (int i = 0; i < checkpoints.size(); i++) {
      if (checkpoints.get(i).getFileName().equals(dir.getFileName())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Copies the weights saved in the checkpoint {@code dir} into {@code model}'s parameters, as
   * {@code load_best_model_at_end} does.
   *
   * @throws IOException when the checkpoint lacks a parameter of the model or holds another shape
   */
  static void loadWeights(Path dir, QaModel model) throws IOException {
    Path file = dir.resolve("model.safetensors");
    Map<String, HostTensor> saved = Safetensors.read(file);
    for (Map.Entry<String, ai.djl.nn.Parameter> e : model.namedParameters().entrySet()) {
      HostTensor tensor = saved.get(e.getKey());
      NDArray target = e.getValue().getArray();
      if (tensor == null || !tensor.shape().equals(target.getShape())) {
        throw new IOException(
            file
                + ": "
                + (tensor == null
                    ? "no tensor " + e.getKey()
                    : e.getKey()
                        + " has shape "
                        + tensor.shape()
                        + ", the model "
                        + target.getShape()));
      }
      try (NDManager scope = model.manager().newSubManager()) {
        tensor.toNDArray(scope).toType(target.getDataType(), false).copyTo(target);
      }
    }
  }

  private static void saveOptimizer(AdamW optimizer, Path file) throws IOException {
    Safetensors.write(file, optimizer.state(), Map.of("format", "qa4j-adamw"));
  }

  /** Restores the optimizer state saved in the checkpoint {@code dir}. */
  static void loadOptimizer(Path dir, AdamW optimizer) throws IOException {
    optimizer.loadState(Safetensors.read(dir.resolve(OPTIMIZER_FILE)));
  }

  /** Deletes hidden checkpoint folders that a killed run left behind. */
  private static void removeAbandoned(Path outputDir) throws IOException {
    try (Stream<Path> entries = Files.list(outputDir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (p.getFileName().toString().startsWith(TEMP_PREFIX) && Files.isDirectory(p)) {
          TempFiles.delete(p);
        }
      }
    }
  }
}
