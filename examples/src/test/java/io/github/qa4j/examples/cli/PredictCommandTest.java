package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qa predict} on a model whose positions are fewer than the default window. */
class PredictCommandTest {

  @TempDir Path tmp;

  /**
   * A model with 64 absolute positions gets 64-token windows unless told otherwise, so a context
   * far longer than that is answered (before, the default 384-token window failed inside libtorch
   * with "index out of range in self").
   */
  @Test
  void theWindowDefaultsToWhatTheModelSupports() throws IOException {
    JsonObject config =
        JsonParser.parseString(
                Files.readString(Path.of("src/test/resources/bert-tiny-config.json")))
            .getAsJsonObject();
    config.addProperty("max_position_embeddings", 64);
    Path configFile = Files.writeString(tmp.resolve("config.json"), config.toString());
    Path squad =
        Files.writeString(
            tmp.resolve("train.json"),
            """
            {"version": "1.1", "data": [{"title": "t", "paragraphs": [{"context":
             "Paris is in France.", "qas": [{"id": "q1", "question": "Where is Paris?",
             "answers": [{"text": "France", "answer_start": 12}]}]}]}]}
            """,
            StandardCharsets.UTF_8);
    Path model = tmp.resolve("model");
    QaCommandTest.Run trained =
        QaCommandTest.run(
            "run-qa",
            "--config_name",
            configFile.toString(),
            "--tokenizer_name",
            SharedData.bertTokenizer().toString(),
            "--train_file",
            squad.toString(),
            "--max_seq_length",
            "64",
            "--doc_stride",
            "16",
            "--max_steps",
            "1",
            "--do_train",
            "--output_dir",
            model.toString());
    assertThat(trained.code()).as(trained.err()).isZero();

    String context = "Paris, the capital, lies on the Seine in the north of France. ".repeat(30);
    QaCommandTest.Run run =
        QaCommandTest.run(
            "predict",
            "--model",
            model.toString(),
            "--question",
            "Where is Paris?",
            "--context",
            context);
    assertThat(run.code()).as(run.err()).isZero();
    JsonObject out = JsonParser.parseString(run.out()).getAsJsonObject();
    assertThat(out.getAsJsonArray("answers")).isNotEmpty();
    for (JsonElement e : out.getAsJsonArray("answers")) {
      JsonObject a = e.getAsJsonObject();
      if (a.get("no_answer").getAsBoolean()) {
        continue;
      }
      assertThat(context.substring(a.get("start").getAsInt(), a.get("end").getAsInt()))
          .isEqualTo(a.get("answer").getAsString());
    }
  }
}
