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

/** {@link ResultFiles}, {@link TrainerState}'s evaluations and the {@link ModelCard}. */
class OutputFilesTest {

  @TempDir Path dir;

  private JsonObject json(String name) throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve(name))).getAsJsonObject();
  }

  @Test
  void allResultsMergesTheSplitsWithSortedKeysAndNullForNaN() throws IOException {
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("train_loss", Double.NaN);
    train.put("epoch", 2.0);
    ResultFiles.save(dir, "train", train);
    Map<String, Object> eval = new LinkedHashMap<>();
    eval.put("eval_f1", 81.5);
    eval.put("eval_exact_match", 72.25);
    eval.put("epoch", 2.0);
    ResultFiles.save(dir, "eval", eval);

    assertThat(json("train_results.json").keySet()).containsExactly("epoch", "train_loss");
    assertThat(json("train_results.json").get("train_loss").isJsonNull()).isTrue();
    JsonObject all = json(ResultFiles.ALL_RESULTS);
    assertThat(all.keySet()).containsExactly("epoch", "eval_exact_match", "eval_f1", "train_loss");
    assertThat(all.get("eval_f1").getAsDouble()).isEqualTo(81.5);

    // A second evaluation replaces the first one's values.
    ResultFiles.save(dir, "eval", Map.of("eval_f1", 90.0));
    assertThat(json(ResultFiles.ALL_RESULTS).get("eval_f1").getAsDouble()).isEqualTo(90.0);
    assertThat(json(ResultFiles.ALL_RESULTS).get("eval_exact_match").getAsDouble())
        .isEqualTo(72.25);
  }

  @Test
  void aBrokenAllResultsFileIsNamed() throws IOException {
    Files.writeString(dir.resolve(ResultFiles.ALL_RESULTS), "[1, 2");
    assertThatThrownBy(() -> ResultFiles.save(dir, "eval", Map.of("eval_f1", 1.0)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(ResultFiles.ALL_RESULTS);
  }

  @Test
  void evaluationsJoinTheLogInStepOrderAndSurviveAReadBack() throws IOException {
    List<TrainingListener.LogEntry> losses =
        List.of(
            new TrainingListener.LogEntry(1, 0.5, 3.0, 1e-3, 2.0),
            new TrainingListener.LogEntry(2, 1.0, 2.0, 5e-4, 1.5));
    TrainerState state =
        new TrainerState(2, 1.0, 2, 1.0, 42, losses, List.of(), null, null)
            .withEvaluation(
                TrainerState.EvalEntry.of(
                    1, 0.5, Map.of("eval_f1", 10.0, "eval_samples", 8L, "note", "x")))
            .withEvaluation(TrainerState.EvalEntry.of(2, 1.0, Map.of("eval_f1", 20.0)));
    state.write(dir);

    var log = json(TrainerState.FILE).getAsJsonArray("log_history");
    assertThat(log).hasSize(4);
    assertThat(log.get(0).getAsJsonObject().get("loss").getAsDouble()).isEqualTo(3.0);
    assertThat(log.get(1).getAsJsonObject().get("eval_f1").getAsDouble()).isEqualTo(10.0);
    assertThat(log.get(1).getAsJsonObject().has("note")).as("numbers only").isFalse();
    assertThat(log.get(2).getAsJsonObject().get("loss").getAsDouble()).isEqualTo(2.0);
    assertThat(log.get(3).getAsJsonObject().get("step").getAsLong()).isEqualTo(2);

    TrainerState read = TrainerState.read(dir);
    assertThat(read.logHistory()).isEqualTo(losses);
    assertThat(read.evalHistory()).isEqualTo(state.evalHistory());
  }

  @Test
  void theModelCardNamesTheBaseModelTheDataTheSettingsAndTheResults() {
    JsonObject args = new JsonObject();
    args.addProperty("model_name_or_path", "bert-base-uncased");
    args.addProperty("train_file", "train.json");
    args.addProperty("learning_rate", 3e-5);
    args.addProperty("num_train_epochs", 2.0);
    args.addProperty("lr_scheduler_type", "linear");
    args.addProperty("head", "span");
    JsonObject results = new JsonObject();
    results.addProperty("eval_f1", 88.456789123);
    results.addProperty("eval_samples", 10784);
    String card = ModelCard.render(args, results);
    assertThat(card)
        .contains("base_model: bert-base-uncased")
        .contains("span head from `bert-base-uncased`")
        .contains("- train_file: `train.json`")
        .contains("- learning_rate: 0.00003")
        .contains("- num_train_epochs: 2\n")
        .contains("- lr_scheduler_type: linear\n")
        .contains("| eval_f1 | 88.4568 |")
        .contains("| eval_samples | 10784 |");
  }
}
