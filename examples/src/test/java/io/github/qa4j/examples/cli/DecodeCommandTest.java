package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.examples.decode.SyntheticLogits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {

  static final String SQUAD =
      """
      {"version": "v2.0", "data": [{"title": "T", "paragraphs": [{
        "context": "The cat sat on the mat. The dog lay by the door.",
        "qas": [
          {"id": "a", "question": "Where did the cat sit?", "is_impossible": false,
           "answers": [{"text": "on the mat", "answer_start": 12}]},
          {"id": "b", "question": "Who flew?", "is_impossible": true, "answers": []}
        ]}]}]}
      """;

  @TempDir Path dir;
  Path data;

  @BeforeEach
  void writeData() throws IOException {
    data = dir.resolve("tiny.json");
    Files.writeString(data, SQUAD);
  }

  List<String> args(Path logits, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "decode",
                "--data",
                data.toString(),
                "--tokenizer",
                SharedData.bertTokenizer().toString(),
                "--max-seq-length",
                "64",
                "--doc-stride",
                "16",
                "--logits",
                logits.toString(),
                "--out-dir",
                dir.resolve("out").toString()));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void versionTwoWritesNullOddsWithPrefix() throws IOException {
    Path logits = dir.resolve("l.safetensors");
    SyntheticLogits.write(logits, 2, 64);
    QaCommandTest.Run run =
        QaCommandTest.run(
            args(logits, "--version-2-with-negative", "--prefix", "eval", "--layout", "BERT")
                .toArray(String[]::new));
    assertThat(run.err()).isEmpty();
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("decoded 2 questions from 2 windows");
    JsonObject odds =
        JsonParser.parseString(Files.readString(dir.resolve("out/eval_null_odds.json")))
            .getAsJsonObject();
    assertThat(odds.keySet()).containsExactly("a", "b");
    JsonObject answers =
        JsonParser.parseString(Files.readString(dir.resolve("out/eval_predictions.json")))
            .getAsJsonObject();
    for (String id : List.of("a", "b")) {
      String answer = answers.get(id).getAsString();
      // "" exactly when the null odds exceed the threshold 0.
      assertThat(answer.isEmpty()).as(id).isEqualTo(odds.get(id).getAsDouble() > 0);
    }
  }

  @Test
  void xlnetLayoutReadsTheNullScoreAtItsClsToken() throws IOException {
    Path logits = dir.resolve("l.safetensors");
    SyntheticLogits.write(logits, 2, 64);
    List<String> args = args(logits, "--layout", "xlnet", "--version-2-with-negative");
    args.set(args.indexOf("--tokenizer") + 1, SharedData.xlnetTokenizer().toString());
    QaCommandTest.Run run = QaCommandTest.run(args.toArray(String[]::new));
    assertThat(run.err()).isEmpty();
    assertThat(run.code()).isZero();
    JsonObject answers =
        JsonParser.parseString(Files.readString(dir.resolve("out/predictions.json")))
            .getAsJsonObject();
    JsonObject odds =
        JsonParser.parseString(Files.readString(dir.resolve("out/null_odds.json")))
            .getAsJsonObject();
    String context = "The cat sat on the mat. The dog lay by the door.";
    for (String id : List.of("a", "b")) {
      assertThat(context).contains(answers.get(id).getAsString());
      assertThat(answers.get(id).getAsString().isEmpty()).isEqualTo(odds.get(id).getAsDouble() > 0);
    }
    // XLNet windows end with <cls>: the null score is read there (token 63), not at token 0.
    int window = 0;
    float nullScore =
        SyntheticLogits.value(SyntheticLogits.START_SEED, window, 63)
            + SyntheticLogits.value(SyntheticLogits.END_SEED, window, 63);
    JsonObject nBest =
        JsonParser.parseString(Files.readString(dir.resolve("out/nbest_predictions.json")))
            .getAsJsonObject();
    assertThat(nBest.getAsJsonArray("a"))
        .anySatisfy(
            e -> {
              JsonObject entry = e.getAsJsonObject();
              assertThat(entry.get("text").getAsString()).isEmpty();
              assertThat((float) entry.get("start_logit").getAsDouble())
                  .isEqualTo(SyntheticLogits.value(SyntheticLogits.START_SEED, window, 63));
              assertThat(
                      (float) entry.get("start_logit").getAsDouble()
                          + (float) entry.get("end_logit").getAsDouble())
                  .isEqualTo(nullScore);
            });
  }

  @Test
  void wrongLogitShapeNamesFileTensorAndShape() throws IOException {
    Path logits = dir.resolve("l.safetensors");
    SyntheticLogits.write(logits, 3, 64);
    QaCommandTest.Run run = QaCommandTest.run(args(logits).toArray(String[]::new));
    assertThat(run.code()).isEqualTo(QaCommand.RUN_ERROR);
    assertThat(run.err().strip())
        .doesNotContain("\n")
        .contains(logits.toString())
        .contains("'start_logits' has shape [3, 64], expected [2, 64]");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void missingTensorAndMissingFileAreClearErrors() throws IOException {
    Path logits = dir.resolve("l.safetensors");
    Safetensors.write(
        logits,
        Map.of("start_logits", HostTensor.ofFloats(new float[128], new Shape(2, 64))),
        Map.of());
    QaCommandTest.Run run = QaCommandTest.run(args(logits).toArray(String[]::new));
    assertThat(run.code()).isEqualTo(QaCommand.RUN_ERROR);
    assertThat(run.err()).contains("no tensor 'end_logits'");

    QaCommandTest.Run missing =
        QaCommandTest.run(args(dir.resolve("nope.safetensors")).toArray(String[]::new));
    assertThat(missing.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(missing.err()).contains("--logits").contains("nope.safetensors: no such file");
  }

  @Test
  void badOptionValuesAreUsageErrors() throws IOException {
    Path logits = dir.resolve("l.safetensors");
    SyntheticLogits.write(logits, 2, 64);
    QaCommandTest.Run layout =
        QaCommandTest.run(args(logits, "--layout", "gpt").toArray(String[]::new));
    assertThat(layout.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(layout.err()).contains("--layout").contains("model_type 'gpt'");
    QaCommandTest.Run nBest =
        QaCommandTest.run(args(logits, "--n-best-size", "0").toArray(String[]::new));
    assertThat(nBest.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(nBest.err()).contains("--n-best-size must be at least 1, got 0");
    List<String> noRoom = args(logits);
    noRoom.set(noRoom.indexOf("--doc-stride") + 1, "128");
    QaCommandTest.Run stride = QaCommandTest.run(noRoom.toArray(String[]::new));
    assertThat(stride.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(stride.err()).contains("leaves no room for context tokens");
  }
}
