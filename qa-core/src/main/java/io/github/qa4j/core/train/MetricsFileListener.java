package io.github.qa4j.core.train;

import com.google.common.collect.ImmutableMap;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link TrainingListener} that writes the training log to a file as it happens, for plotting or
 * for comparing runs: every loss-log entry ({@code loggingSteps}), every evaluation and the
 * end-of-training summary, under transformers' {@code log_history} keys ({@code loss}, {@code
 * grad_norm}, {@code learning_rate}, {@code eval_f1}, {@code train_runtime}...).
 *
 * <ul>
 *   <li>{@link #jsonLines}: one JSON object per entry and line, its values followed by {@code
 *       epoch} and {@code step}, as in {@code trainer_state.json}'s {@code log_history}.
 *   <li>{@link #csv}: one row per value, {@code step,epoch,metric,value} (the shape of TensorBoard
 *       scalars: pivot on {@code metric} for a wide table).
 * </ul>
 *
 * <p>The file is created or truncated when the listener is made; each entry is flushed whole, so
 * the file is readable while training runs and complete up to the last entry if the run dies. Close
 * the listener when done with it (after the last evaluation).
 */
public final class MetricsFileListener implements TrainingListener, AutoCloseable {

  /** How the entries are written. */
  public enum Format {
    /** One JSON object per line. */
    JSON_LINES,
    /** Comma-separated {@code step,epoch,metric,value} rows under a header. */
    CSV
  }

  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private final Path file;
  private final Format format;
  private final BufferedWriter out;
  private long step;
  private double epoch = Double.NaN;

  private MetricsFileListener(Path file, Format format) throws IOException {
    this.file = file;
    this.format = format;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    if (format == Format.CSV) {
      out.write("step,epoch,metric,value\n");
      out.flush();
    }
  }

  /** Writes JSON lines to {@code file}, for example {@code metrics.jsonl}. */
  public static MetricsFileListener jsonLines(Path file) throws IOException {
    return new MetricsFileListener(file, Format.JSON_LINES);
  }

  /** Writes CSV rows to {@code file}, for example {@code metrics.csv}. */
  public static MetricsFileListener csv(Path file) throws IOException {
    return new MetricsFileListener(file, Format.CSV);
  }

  /** The file written to. */
  public Path file() {
    return file;
  }

  /** The format written. */
  public Format format() {
    return format;
  }

  @Override
  public void onStepEnd(StepEnd event) {
    step = event.step();
    epoch = event.epoch();
  }

  @Override
  public void onLog(LogEntry entry) {
    step = entry.step();
    epoch = entry.epoch();
    write(
        ImmutableMap.of(
            "loss", entry.loss(),
            "grad_norm", entry.gradNorm(),
            "learning_rate", entry.learningRate()));
  }

  @Override
  public void onEvaluate(EvalResult result) {
    write(result.metrics());
  }

  @Override
  public void onTrainEnd(TrainResult result) {
    step = result.globalStep();
    write(
        ImmutableMap.of(
            "train_runtime", result.runtimeSeconds(),
            "train_samples_per_second", result.samplesPerSecond(),
            "train_loss", result.trainingLoss()));
  }

  private void write(Map<String, ?> values) {
    StringBuilder text = new StringBuilder();
    if (format == Format.JSON_LINES) {
      JsonObject json = GSON.toJsonTree(values).getAsJsonObject();
      if (!Double.isNaN(epoch)) {
        json.addProperty("epoch", epoch);
      }
      json.addProperty("step", step);
      text.append(GSON.toJson(json)).append('\n');
    } else {
      String epochText = Double.isNaN(epoch) ? "" : Double.toString(epoch);
      values.forEach(
          (name, value) ->
              text.append(step)
                  .append(',')
                  .append(epochText)
                  .append(',')
                  .append(name)
                  .append(',')
                  .append(value)
                  .append('\n'));
    }
    try {
      out.write(text.toString());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write training metrics to " + file, e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
