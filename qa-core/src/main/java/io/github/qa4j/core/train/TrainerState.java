package io.github.qa4j.core.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.qa4j.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code trainer_state.json}, with transformers' key names: where a run stands, its
 * loss log, its evaluations and its best checkpoint. In the file both logs are one {@code
 * log_history} in step order, each evaluation after the loss entry of its step, as transformers'
 * Trainer logs them.
 *
 * @param globalStep optimizer steps done
 * @param epoch fractional epoch reached
 * @param maxSteps optimizer steps planned
 * @param numTrainEpochs epochs planned
 * @param seed the run's seed
 * @param logHistory the loss log
 * @param evalHistory the evaluations made during training
 * @param bestModelCheckpoint the checkpoint folder with the best {@link
 *     Strategies#metricForBestModel()} so far; null when none is tracked or saved yet
 * @param bestMetric that checkpoint's metric; null with it
 */
public record TrainerState(
    long globalStep,
    double epoch,
    long maxSteps,
    double numTrainEpochs,
    long seed,
    List<TrainingListener.LogEntry> logHistory,
    List<EvalEntry> evalHistory,
    String bestModelCheckpoint,
    Double bestMetric) {

  static final String FILE = "trainer_state.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

  /** Copies the logs. */
  public TrainerState {
    logHistory = List.copyOf(logHistory);
    evalHistory = List.copyOf(evalHistory);
  }

  /** This state with one more evaluation in its log. */
  TrainerState withEvaluation(EvalEntry entry) {
    List<EvalEntry> evals = new ArrayList<>(evalHistory);
    evals.add(entry);
    return new TrainerState(
        globalStep,
        epoch,
        maxSteps,
        numTrainEpochs,
        seed,
        logHistory,
        evals,
        bestModelCheckpoint,
        bestMetric);
  }

  /**
   * An evaluation during training, as a {@code log_history} entry.
   *
   * @param step the step evaluated after
   * @param epoch fractional epoch
   * @param metrics the {@code eval_*} metrics, in order
   */
  public record EvalEntry(long step, double epoch, Map<String, Object> metrics) {

    /** Copies the metrics. */
    public EvalEntry {
      metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The numeric metrics of an evaluation result, at a step. */
    static EvalEntry of(long step, double epoch, Map<String, ?> metrics) {
      Map<String, Object> numbers = new LinkedHashMap<>();
      metrics.forEach(
          (k, v) -> {
            if (v instanceof Number n) {
              numbers.put(k, n.doubleValue());
            }
          });
      return new EvalEntry(step, epoch, numbers);
    }
  }

  void write(Path directory) throws IOException {
    JsonObject json = new JsonObject();
    json.addProperty("best_metric", bestMetric);
    json.addProperty("best_model_checkpoint", bestModelCheckpoint);
    json.addProperty("global_step", globalStep);
    json.addProperty("epoch", epoch);
    json.addProperty("max_steps", maxSteps);
    json.addProperty("num_train_epochs", numTrainEpochs);
    json.addProperty("seed", seed);
    JsonArray log = new JsonArray();
    // Chronological, as transformers appends them: at a step, the loss entry comes first.
    int e = 0;
    for (TrainingListener.LogEntry entry : logHistory) {
      for (; e < evalHistory.size() && evalHistory.get(e).step() < entry.step(); e++) {
        log.add(toJson(evalHistory.get(e)));
      }
      JsonObject o = new JsonObject();
      o.addProperty("epoch", entry.epoch());
      o.addProperty("grad_norm", entry.gradNorm());
      o.addProperty("learning_rate", entry.learningRate());
      o.addProperty("loss", entry.loss());
      o.addProperty("step", entry.step());
      log.add(o);
    }
    for (; e < evalHistory.size(); e++) {
      log.add(toJson(evalHistory.get(e)));
    }
    json.add("log_history", log);
    AtomicFiles.writeString(directory.resolve(FILE), GSON.toJson(json) + "\n");
  }

  private static JsonObject toJson(EvalEntry entry) {
    JsonObject o = new JsonObject();
    o.addProperty("epoch", entry.epoch());
    // JSON has no NaN: a metric that could not be computed is left out.
    entry
        .metrics()
        .forEach(
            (k, v) -> {
              if (!(v instanceof Double d) || Double.isFinite(d)) {
                o.add(k, GSON.toJsonTree(v));
              }
            });
    o.addProperty("step", entry.step());
    return o;
  }

  /** Reads {@code trainer_state.json} from a checkpoint directory. */
  public static TrainerState read(Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    try {
      JsonObject json =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      List<TrainingListener.LogEntry> log = new ArrayList<>();
      List<EvalEntry> evals = new ArrayList<>();
      for (JsonElement element : json.getAsJsonArray("log_history")) {
        JsonObject e = element.getAsJsonObject();
        if (e.has("loss")) {
          log.add(
              new TrainingListener.LogEntry(
                  e.get("step").getAsLong(),
                  e.get("epoch").getAsDouble(),
                  e.get("loss").getAsDouble(),
                  e.get("learning_rate").getAsDouble(),
                  e.get("grad_norm").getAsDouble()));
        } else if (e.keySet().stream().anyMatch(k -> k.startsWith("eval_"))) {
          Map<String, Object> metrics = new LinkedHashMap<>();
          for (Map.Entry<String, JsonElement> m : e.entrySet()) {
            if (m.getKey().startsWith("eval_")) {
              JsonPrimitive value = m.getValue().getAsJsonPrimitive();
              metrics.put(m.getKey(), value.isNumber() ? value.getAsDouble() : value.getAsString());
            }
          }
          evals.add(
              new EvalEntry(e.get("step").getAsLong(), e.get("epoch").getAsDouble(), metrics));
        }
      }
      JsonElement best = json.get("best_model_checkpoint");
      JsonElement bestMetric = json.get("best_metric");
      return new TrainerState(
          json.get("global_step").getAsLong(),
          json.get("epoch").getAsDouble(),
          json.get("max_steps").getAsLong(),
          json.get("num_train_epochs").getAsDouble(),
          json.get("seed").getAsLong(),
          log,
          evals,
          best == null || best.isJsonNull() ? null : best.getAsString(),
          bestMetric == null || bestMetric.isJsonNull() ? null : bestMetric.getAsDouble());
    } catch (JsonParseException
        | IllegalStateException
        | NullPointerException
        | UnsupportedOperationException
        | NumberFormatException e) {
      throw new IOException(file + ": not a trainer state (" + e.getMessage() + ")", e);
    }
  }
}
