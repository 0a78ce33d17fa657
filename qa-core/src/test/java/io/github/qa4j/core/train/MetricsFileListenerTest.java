package io.github.qa4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileListenerTest {

  /** Two logging intervals, an evaluation, the end of training, and an evaluation after it. */
  private static void run(TrainingListener listener) {
    listener.onTrainBegin(new TrainingListener.TrainBegin(10, 12, 4, 0, 1));
    listener.onStepEnd(new TrainingListener.StepEnd(1, 4, 0.25, 2.5, 3e-5, 1.5, 8.0));
    listener.onStepEnd(new TrainingListener.StepEnd(2, 4, 0.5, 2.0, 2e-5, 1.25, 8.0));
    listener.onLog(new TrainingListener.LogEntry(2, 0.5, 2.25, 2e-5, 1.25));
    listener.onStepEnd(new TrainingListener.StepEnd(3, 4, 0.75, 1.5, 1e-5, 1.0, 8.0));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("eval_exact_match", 12.5);
    metrics.put("eval_f1", 20.0);
    metrics.put("eval_samples", 16);
    listener.onEvaluate(new EvalResult(metrics, List.of()));
    listener.onStepEnd(new TrainingListener.StepEnd(4, 4, 1.0, 1.0, 0.0, 0.5, 8.0));
    listener.onLog(new TrainingListener.LogEntry(4, 1.0, 1.25, 0.0, 0.5));
    listener.onTrainEnd(new TrainResult(4, 1.75, 6.0, 8.0, 12, List.of(2.5, 2.0, 1.5, 1.0), false));
    listener.onEvaluate(new EvalResult(Map.of("eval_f1", 30.0), List.of()));
  }

  @Test
  void writesOneJsonObjectPerEntryWithItsStepAndEpoch(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("logs/metrics.jsonl");
    try (MetricsFileListener listener = MetricsFileListener.jsonLines(file)) {
      run(listener);
      // Flushed entry by entry: complete before the listener is closed.
      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSize(5);
      JsonObject log = JsonParser.parseString(lines.get(0)).getAsJsonObject();
      assertThat(log.keySet())
          .containsExactly("loss", "grad_norm", "learning_rate", "epoch", "step");
      assertThat(log.get("loss").getAsDouble()).isEqualTo(2.25);
      assertThat(log.get("learning_rate").getAsDouble()).isEqualTo(2e-5);
      assertThat(log.get("step").getAsLong()).isEqualTo(2);
      JsonObject eval = JsonParser.parseString(lines.get(1)).getAsJsonObject();
      assertThat(eval.keySet())
          .containsExactly("eval_exact_match", "eval_f1", "eval_samples", "epoch", "step");
      // Evaluated after step 3: the step and epoch the model had reached.
      assertThat(eval.get("step").getAsLong()).isEqualTo(3);
      assertThat(eval.get("epoch").getAsDouble()).isEqualTo(0.75);
      assertThat(eval.get("eval_samples").getAsInt()).isEqualTo(16);
      JsonObject end = JsonParser.parseString(lines.get(3)).getAsJsonObject();
      assertThat(end.get("train_loss").getAsDouble()).isEqualTo(1.75);
      assertThat(end.get("train_runtime").getAsDouble()).isEqualTo(6.0);
      assertThat(end.get("step").getAsLong()).isEqualTo(4);
      assertThat(
              JsonParser.parseString(lines.get(4)).getAsJsonObject().get("eval_f1").getAsDouble())
          .isEqualTo(30.0);
    }
  }

  @Test
  void writesOneCsvRowPerValue(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("metrics.csv");
    try (MetricsFileListener listener = MetricsFileListener.csv(file)) {
      run(listener);
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("step,epoch,metric,value");
    assertThat(lines)
        .contains(
            "2,0.5,loss,2.25",
            "2,0.5,learning_rate,2.0E-5",
            "3,0.75,eval_f1,20.0",
            "3,0.75,eval_samples,16",
            "4,1.0,train_loss,1.75",
            "4,1.0,eval_f1,30.0");
    // 3 values per log entry (2), 3 + 1 per evaluation, 3 at the end, and the header.
    assertThat(lines).hasSize(1 + 3 * 2 + 3 + 1 + 3);
  }

  @Test
  void leavesTheEpochEmptyBeforeAnyStep(@TempDir Path dir) throws IOException {
    Path jsonl = dir.resolve("eval-only.jsonl");
    Path csv = dir.resolve("eval-only.csv");
    try (MetricsFileListener json = MetricsFileListener.jsonLines(jsonl);
        MetricsFileListener rows = MetricsFileListener.csv(csv)) {
      EvalResult result = new EvalResult(Map.of("eval_f1", 50.0), List.of());
      json.onEvaluate(result);
      rows.onEvaluate(result);
    }
    assertThat(Files.readAllLines(jsonl)).containsExactly("{\"eval_f1\":50.0,\"step\":0}");
    assertThat(Files.readAllLines(csv))
        .containsExactly("step,epoch,metric,value", "0,,eval_f1,50.0");
  }

  @Test
  void failsAtOnceWhenTheFileCannotBeCreated(@TempDir Path dir) throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> MetricsFileListener.csv(notADirectory.resolve("metrics.csv")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("plain-file");
  }
}
