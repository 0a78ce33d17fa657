package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.examples.decode.SyntheticLogits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qa decode} on SQuAD v1.1 dev with the synthetic logits of {@code shared/README.md} against
 * the output of transformers' {@code postprocess_qa_predictions} (fixtures/postprocess): every
 * prediction and every n-best entry.
 */
class DecodeCommandFixtureTest {

  @TempDir Path dir;

  static JsonObject readGzipJson(Path file) throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      return JsonParser.parseReader(in).getAsJsonObject();
    }
  }

  static int windowCount() throws IOException {
    Path features = SharedData.path("fixtures/features/features-bert-dev-v1.1.jsonl.gz");
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(features)), StandardCharsets.UTF_8))) {
      return (int) in.lines().count();
    }
  }

  @Test
  void everyPredictionAndNBestEntryMatchesTransformers() throws IOException {
    int windows = windowCount();
    assertThat(windows).isEqualTo(10_784);
    Path logits = dir.resolve("logits.safetensors");
    SyntheticLogits.write(logits, windows, 384);
    Path out = dir.resolve("out");
    QaCommandTest.Run run =
        QaCommandTest.run(
            "decode",
            "--data",
            SharedData.devV11().toString(),
            "--tokenizer",
            SharedData.bertTokenizer().toString(),
            "--layout",
            "bert",
            "--max-seq-length",
            "384",
            "--doc-stride",
            "128",
            "--logits",
            logits.toString(),
            "--out-dir",
            out.toString());
    assertThat(run.err()).isEmpty();
    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("decoded 10570 questions from 10784 windows");
    assertThat(out.resolve("null_odds.json")).doesNotExist();

    JsonObject expected =
        readGzipJson(SharedData.path("fixtures/postprocess/postprocess-bert-dev-v1.1.json.gz"));
    JsonObject answers =
        JsonParser.parseString(Files.readString(out.resolve("predictions.json"))).getAsJsonObject();
    JsonObject nBest =
        JsonParser.parseString(Files.readString(out.resolve("nbest_predictions.json")))
            .getAsJsonObject();

    JsonObject expectedAnswers = expected.getAsJsonObject("predictions");
    JsonObject expectedNBest = expected.getAsJsonObject("nbest");
    assertThat(expectedAnswers.size()).isEqualTo(10_570);
    assertThat(answers.keySet()).containsExactlyElementsOf(expectedAnswers.keySet());
    assertThat(nBest.keySet()).containsExactlyElementsOf(expectedNBest.keySet());

    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : expectedAnswers.entrySet()) {
      String id = e.getKey();
      if (!answers.get(id).getAsString().equals(e.getValue().getAsString())) {
        mismatches.add(
            id
                + ": answer '"
                + answers.get(id).getAsString()
                + "' != '"
                + e.getValue().getAsString()
                + "'");
      }
      JsonArray want = expectedNBest.getAsJsonArray(id);
      JsonArray got = nBest.getAsJsonArray(id);
      if (want.size() != got.size()) {
        mismatches.add(id + ": n-best size " + got.size() + " != " + want.size());
        continue;
      }
      for (int i = 0; i < want.size(); i++) {
        JsonObject w = want.get(i).getAsJsonObject();
        JsonObject g = got.get(i).getAsJsonObject();
        boolean same =
            w.get("text").getAsString().equals(g.get("text").getAsString())
                && w.get("start_logit").getAsDouble() == g.get("start_logit").getAsDouble()
                && w.get("end_logit").getAsDouble() == g.get("end_logit").getAsDouble()
                && Math.abs(w.get("probability").getAsDouble() - g.get("probability").getAsDouble())
                    <= 1e-6;
        if (!same) {
          mismatches.add(id + " #" + i + ": " + g + " != " + w);
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }
}
