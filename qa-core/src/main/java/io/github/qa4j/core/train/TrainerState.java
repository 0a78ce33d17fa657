package io.github.qa4j.core.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
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
 * loss log and its evaluations. In the file both logs are one {@code log_history} in step order,
 * each evaluation after the loss entry of its step, as transformers' Trainer logs them.
 *
 * @param globalStep optimizer steps done
 * @param epoch fractional epoch reached
 * @param maxSteps optimizer steps planned
 * @param numTrainEpochs epochs planned
 * @param seed the run's seed
 * @param logHistory the loss log
 * @param evalHistory the evaluations
 */
public record TrainerState(
    long globalStep,
    double epoch,
    long maxSteps,
    double numTrainEpochs,
    long seed,
    List<TrainingListener.LogEntry> logHistory,
    List<EvalEntry> evalHistory) {

  static final String FILE = "trainer_state.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /**
   * An evaluation in the log: its {@code eval_*} metrics at a step, as transformers logs them.
   *
   * @param step the step the model was evaluated at
   * @param epoch the fractional epoch at that step
   * @param metrics the {@code eval_*} metrics, numbers only
   */
  public record EvalEntry(long step, double epoch, Map<String, Double> metrics) {

    /** Copies the metrics, keeping their order. */
    public EvalEntry {
      metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The numeric metrics of an evaluation result, at a step. */
    static EvalEntry of(long step, double epoch, Map<String, Object> metrics) {
      Map<String, Double> numbers = new LinkedHashMap<>();
      metrics.forEach(
          (k, v) -> {
            if (v instanceof Number n) {
              numbers.put(k, n.doubleValue());
            }
          });
      return new EvalEntry(step, epoch, numbers);
    }
  }

  /** Copies the logs. */
  public TrainerState {
    logHistory = List.copyOf(logHistory);
    evalHistory = List.copyOf(evalHistory);
  }

  /** This state with one more evaluation in its log. */
  TrainerState withEvaluation(EvalEntry entry) {
    List<EvalEntry> evals = new ArrayList<>(evalHistory);
    evals.add(entry);
    return new TrainerState(globalStep, epoch, maxSteps, numTrainEpochs, seed, logHistory, evals);
  }

  void write(Path directory) throws IOException {
    JsonObject json = new JsonObject();
    json.addProperty("global_step", globalStep);
    json.addProperty("epoch", epoch);
    json.addProperty("max_steps", maxSteps);
    json.addProperty("num_train_epochs", numTrainEpochs);
    json.addProperty("seed", seed);
    JsonArray log = new JsonArray();
    int e = 0;
    for (TrainingListener.LogEntry entry : logHistory) {
      while (e < evalHistory.size() && evalHistory.get(e).step() < entry.step()) {
        log.add(json(evalHistory.get(e++)));
      }
      JsonObject o = new JsonObject();
      o.addProperty("epoch", entry.epoch());
      o.addProperty("grad_norm", entry.gradNorm());
      o.addProperty("learning_rate", entry.learningRate());
      o.addProperty("loss", entry.loss());
      o.addProperty("step", entry.step());
      log.add(o);
    }
    while (e < evalHistory.size()) {
      log.add(json(evalHistory.get(e++)));
    }
    json.add("log_history", log);
    AtomicFiles.writeString(directory.resolve(FILE), GSON.toJson(json) + "\n");
  }

  private static JsonObject json(EvalEntry entry) {
    JsonObject o = new JsonObject();
    o.addProperty("epoch", entry.epoch());
    // JSON has no NaN: a metric that could not be computed is left out.
    entry
        .metrics()
        .forEach(
            (k, v) -> {
              if (Double.isFinite(v)) {
                o.addProperty(k, v);
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
        } else {
          Map<String, Double> metrics = new LinkedHashMap<>();
          for (Map.Entry<String, JsonElement> m : e.entrySet()) {
            if (m.getKey().startsWith("eval_")) {
              metrics.put(m.getKey(), m.getValue().getAsDouble());
            }
          }
          // Other entries (transformers' end-of-training summary) are not evaluations.
          if (!metrics.isEmpty()) {
            evals.add(
                new EvalEntry(e.get("step").getAsLong(), e.get("epoch").getAsDouble(), metrics));
          }
        }
      }
      return new TrainerState(
          json.get("global_step").getAsLong(),
          json.get("epoch").getAsDouble(),
          json.get("max_steps").getAsLong(),
          json.get("num_train_epochs").getAsDouble(),
          json.get("seed").getAsLong(),
          log,
          evals);
    } catch (JsonParseException
        | IllegalStateException
        | NullPointerException
        | UnsupportedOperationException
        | NumberFormatException e) {
      throw new IOException(file + ": not a trainer state (" + e.getMessage() + ")", e);
    }
  }
}
