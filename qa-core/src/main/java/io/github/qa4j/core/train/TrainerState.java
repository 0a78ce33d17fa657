package io.github.qa4j.core.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.qa4j.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The content of {@code trainer_state.json}, with transformers' key names: where a run stands and
 * its loss log.
 *
 * @param globalStep optimizer steps done
 * @param epoch fractional epoch reached
 * @param maxSteps optimizer steps planned
 * @param numTrainEpochs epochs planned
 * @param seed the run's seed
 * @param logHistory the loss log
 */
public record TrainerState(
    long globalStep,
    double epoch,
    long maxSteps,
    double numTrainEpochs,
    long seed,
    List<TrainingListener.LogEntry> logHistory) {

  static final String FILE = "trainer_state.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  /** Copies the log. */
  public TrainerState {
    logHistory = List.copyOf(logHistory);
  }

  void write(Path directory) throws IOException {
    JsonObject json = new JsonObject();
    json.addProperty("global_step", globalStep);
    json.addProperty("epoch", epoch);
    json.addProperty("max_steps", maxSteps);
    json.addProperty("num_train_epochs", numTrainEpochs);
    json.addProperty("seed", seed);
    com.google.gson.JsonArray log = new com.google.gson.JsonArray();
    for (TrainingListener.LogEntry e : logHistory) {
      JsonObject entry = new JsonObject();
      entry.addProperty("epoch", e.epoch());
      entry.addProperty("grad_norm", e.gradNorm());
      entry.addProperty("learning_rate", e.learningRate());
      entry.addProperty("loss", e.loss());
      entry.addProperty("step", e.step());
      log.add(entry);
    }
    json.add("log_history", log);
    AtomicFiles.writeString(directory.resolve(FILE), GSON.toJson(json) + "\n");
  }

  /** Reads {@code trainer_state.json} from a checkpoint directory. */
  public static TrainerState read(Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    try {
      JsonObject json =
          JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      List<TrainingListener.LogEntry> log = new java.util.ArrayList<>();
      for (var element : json.getAsJsonArray("log_history")) {
        JsonObject e = element.getAsJsonObject();
        log.add(
            new TrainingListener.LogEntry(
                e.get("step").getAsLong(),
                e.get("epoch").getAsDouble(),
                e.get("loss").getAsDouble(),
                e.get("learning_rate").getAsDouble(),
                e.get("grad_norm").getAsDouble()));
      }
      return new TrainerState(
          json.get("global_step").getAsLong(),
          json.get("epoch").getAsDouble(),
          json.get("max_steps").getAsLong(),
          json.get("num_train_epochs").getAsDouble(),
          json.get("seed").getAsLong(),
          log);
    } catch (JsonParseException | IllegalStateException | NullPointerException e) {
      throw new IOException(file + ": not a trainer state (" + e.getMessage() + ")", e);
    }
  }
}
