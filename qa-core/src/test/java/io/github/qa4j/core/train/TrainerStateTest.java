package io.github.qa4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerStateTest {

  private static TrainerState.EvalEntry eval(long step, double epoch, double f1) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("eval_exact_match", f1 / 2);
    metrics.put("eval_f1", f1);
    return new TrainerState.EvalEntry(step, epoch, metrics);
  }

  @Test
  void evaluationsAndTheBestCheckpointSurviveAWriteAndARead(@TempDir Path dir) throws IOException {
    TrainerState state =
        new TrainerState(
            4,
            2.0,
            4,
            2.0,
            42,
            List.of(
                new TrainingListener.LogEntry(2, 1.0, 2.5, 1e-3, 1.5),
                new TrainingListener.LogEntry(4, 2.0, 1.5, 0.0, 0.5)),
            List.of(eval(2, 1.0, 30.0), eval(4, 2.0, 20.0)),
            dir.resolve("checkpoint-2").toString(),
            30.0);
    state.write(dir);

    JsonObject json =
        JsonParser.parseString(Files.readString(dir.resolve(TrainerState.FILE))).getAsJsonObject();
    List<String> order = new ArrayList<>();
    for (JsonElement e : json.getAsJsonArray("log_history")) {
      JsonObject entry = e.getAsJsonObject();
      order.add((entry.has("loss") ? "loss@" : "eval@") + entry.get("step").getAsLong());
    }
    // Chronological, the loss entry of a step before its evaluation, as transformers logs them.
    assertThat(order).containsExactly("loss@2", "eval@2", "loss@4", "eval@4");
    assertThat(json.get("best_metric").getAsDouble()).isEqualTo(30.0);

    TrainerState read = TrainerState.read(dir);
    assertThat(read.evalHistory()).hasSize(2);
    assertThat(read.evalHistory().get(0).metrics())
        .containsEntry("eval_f1", 30.0)
        .containsEntry("eval_exact_match", 15.0);
    assertThat(read.logHistory()).isEqualTo(state.logHistory());
    assertThat(read.bestModelCheckpoint()).isEqualTo(state.bestModelCheckpoint());
    assertThat(read.bestMetric()).isEqualTo(30.0);
  }

  @Test
  void aRunWithoutATrackedMetricWritesNullsAndReadsThemBack(@TempDir Path dir) throws IOException {
    new TrainerState(1, 0.5, 2, 1.0, 42, List.of(), List.of(), null, null).write(dir);
    JsonObject json =
        JsonParser.parseString(Files.readString(dir.resolve(TrainerState.FILE))).getAsJsonObject();
    assertThat(json.get("best_model_checkpoint").isJsonNull()).isTrue();
    TrainerState read = TrainerState.read(dir);
    assertThat(read.bestModelCheckpoint()).isNull();
    assertThat(read.bestMetric()).isNull();
  }
}
