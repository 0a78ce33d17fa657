package io.github.qa4j.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionWriterTest {

  @TempDir Path dir;

  static Prediction prediction(String id, String text, Float nullOdds) {
    return new Prediction(
        id,
        text,
        text.isEmpty() ? -1 : 0,
        text.isEmpty() ? -1 : text.length(),
        List.of(
            new NBestEntry(
                "caf\u00e9 <b>", 0, 8, 7.885562f, -0.1f, 0.75f, NBestEntry.Kind.SPAN, 0.5),
            new NBestEntry(
                "", -1, -1, 1f, Float.NEGATIVE_INFINITY, 0.25f, NBestEntry.Kind.NO_ANSWER, 0.1)),
        nullOdds);
  }

  static JsonObject read(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void writesHuggingFaceShapedFiles() throws IOException {
    List<Path> written =
        PredictionWriter.write(
            dir.resolve("out"),
            "eval",
            ScoreKind.LOGITS,
            List.of(prediction("b", "x", -2.5f), prediction("a", "", 3f)));
    assertThat(written)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "eval_predictions.json", "eval_nbest_predictions.json", "eval_null_odds.json");
    String answersText = Files.readString(written.get(0));
    assertThat(answersText).isEqualTo("{\n    \"b\": \"x\",\n    \"a\": \"\"\n}\n");

    JsonArray nBest = read(written.get(1)).getAsJsonArray("b");
    JsonObject first = nBest.get(0).getAsJsonObject();
    assertThat(first.keySet()).containsExactly("start_logit", "end_logit", "text", "probability");
    assertThat(first.get("text").getAsString()).isEqualTo("caf\u00e9 <b>");
    // The float32 value, widened: what Python's float(np.float32(...)) prints.
    assertThat(first.get("start_logit").getAsDouble()).isEqualTo((double) 7.885562f);
    assertThat(first.get("probability").getAsDouble()).isEqualTo(0.75);
    assertThat(Files.readString(written.get(1))).contains("-Infinity").contains("caf\u00e9 <b>");

    JsonObject odds = read(written.get(2));
    assertThat(odds.get("b").getAsDouble()).isEqualTo(-2.5);
    assertThat(odds.get("a").getAsDouble()).isEqualTo(3.0);
    try (Stream<Path> files = Files.list(dir.resolve("out"))) {
      assertThat(files).hasSize(3);
    }
  }

  @Test
  void beamSearchNamesAndNoNullOddsFileWithoutOdds() throws IOException {
    List<Path> written =
        PredictionWriter.write(dir, null, ScoreKind.PROBS, List.of(prediction("a", "x", null)));
    assertThat(written)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("predictions.json", "nbest_predictions.json");
    JsonObject entry = read(written.get(1)).getAsJsonArray("a").get(0).getAsJsonObject();
    assertThat(entry.keySet())
        .containsExactly("start_log_prob", "end_log_prob", "text", "probability");
  }

  @Test
  void aFileThatCannotBeWrittenLeavesTheWholeSetAsItWas() throws IOException {
    Path answers = dir.resolve("predictions.json");
    Files.writeString(answers, "old answers");
    // The n-best file's folder cannot be made: its parent is a regular file.
    Path blocker = Files.writeString(dir.resolve("blocker"), "");
    PredictionWriter.Targets targets =
        new PredictionWriter.Targets(
            answers, blocker.resolve("nbest.json"), dir.resolve("null_odds.json"));
    assertThatThrownBy(
            () ->
                PredictionWriter.write(
                    targets, ScoreKind.LOGITS, List.of(prediction("a", "x", 1f))))
        .isInstanceOf(IOException.class);
    assertThat(Files.readString(answers)).isEqualTo("old answers");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files)
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder("predictions.json", "blocker");
    }
  }

  @Test
  void refusesWhatWouldLoseOrMixEntries() {
    assertThatThrownBy(
            () ->
                PredictionWriter.write(
                    dir,
                    null,
                    ScoreKind.LOGITS,
                    List.of(prediction("a", "x", null), prediction("a", "y", null))))
        .hasMessageContaining("two predictions for question 'a'");
    assertThatThrownBy(
            () ->
                PredictionWriter.write(
                    dir,
                    null,
                    ScoreKind.LOGITS,
                    List.of(prediction("a", "x", null), prediction("b", "y", 1f))))
        .hasMessageContaining("1 of 2 predictions carry null odds");
    assertThat(dir).isEmptyDirectory();
  }
}
