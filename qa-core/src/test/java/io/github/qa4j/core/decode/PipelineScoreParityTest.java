package io.github.qa4j.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link NBestEntry#pipelineScore()} against what transformers' question-answering pipeline itself
 * computes ({@code select_starts_ends} of transformers 4.57.6, run by {@code
 * fixtures/pipeline/make_pipeline_scores.py}) on the same logits: every span of every window, and
 * the null answer's smallest probability over the windows.
 */
class PipelineScoreParityTest {

  private static JsonObject fixture() throws IOException {
    try (InputStream in =
        PipelineScoreParityTest.class.getResourceAsStream(
            "/fixtures/pipeline/pipeline-scores.json")) {
      assertThat(in).as("fixtures/pipeline/pipeline-scores.json").isNotNull();
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    }
  }

  private static float[] floats(JsonArray a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }

  @Test
  void spanAndNullProbabilitiesAreThePipelines() throws IOException {
    JsonObject fixture = fixture();
    JsonArray cases = fixture.getAsJsonArray("cases");
    assertThat(cases).hasSize(3);
    for (JsonElement c : cases) {
      check(fixture, c.getAsJsonObject());
    }
  }

  /** One example: one window, or several that do not overlap. */
  private static void check(JsonObject fixture, JsonObject c) {
    int words = c.get("words").getAsInt();
    int perWindow = c.get("per_window").getAsInt();
    int length = c.get("length").getAsInt();
    int questionTokens = fixture.get("question_tokens").getAsInt();
    String context =
        IntStream.range(0, words).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    QaExample example = QaExample.unlabeled("q", "what?", context);
    List<QaFeature> windows =
        TestWindows.cut(
            "q", TestWindows.words(context), questionTokens, perWindow, perWindow, length);
    JsonArray fixtureWindows = c.getAsJsonArray("windows");
    assertThat(windows).hasSize(fixtureWindows.size());

    // The pipeline's score of each span, by its context offsets (windows do not overlap here).
    Map<String, Double> expected = new HashMap<>();
    List<SpanLogits> logits = new ArrayList<>();
    for (int w = 0; w < windows.size(); w++) {
      JsonObject fw = fixtureWindows.get(w).getAsJsonObject();
      logits.add(
          new SpanLogits(floats(fw.getAsJsonArray("start")), floats(fw.getAsJsonArray("end"))));
      QaFeature window = windows.get(w);
      for (JsonElement e : fw.getAsJsonArray("spans")) {
        JsonArray span = e.getAsJsonArray();
        int s = span.get(0).getAsInt();
        int end = span.get(1).getAsInt();
        expected.put(
            window.offsetStart()[s] + ":" + window.offsetEnd()[end], span.get(2).getAsDouble());
      }
    }
    // An n-best list as long as every pair: all the pipeline's spans are candidates.
    DecodingOptions options =
        new DecodingOptions(
            length * length * windows.size(),
            fixture.get("max_answer_len").getAsInt(),
            true,
            0f,
            false);
    Prediction p = new SpanDecoder(options).decode(example, windows, logits);

    int spans = 0;
    for (NBestEntry entry : p.nBest()) {
      if (entry.kind() == NBestEntry.Kind.NO_ANSWER) {
        assertThat(entry.pipelineScore())
            .isCloseTo(c.get("min_null_score").getAsDouble(), within(1e-7));
      } else if (entry.isSpan()) {
        Double want = expected.get(entry.startOffset() + ":" + entry.endOffset());
        assertThat(want).as(entry.text()).isNotNull();
        assertThat(entry.pipelineScore()).as(entry.text()).isCloseTo(want, within(1e-6));
        spans++;
      }
    }
    assertThat(spans).isEqualTo(expected.size());
  }
}
