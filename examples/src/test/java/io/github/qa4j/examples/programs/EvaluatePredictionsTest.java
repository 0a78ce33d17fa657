package io.github.qa4j.examples.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link EvaluatePredictions} on leaderboard prediction files gives what the official scripts print
 * ({@code ../shared/data/eval/official-scores.json}).
 */
class EvaluatePredictionsTest {

  private static final String V1 = "1.1-BERT-ensemble-Google-AI-Language.json";
  private static final String V2 = "v2.0-BERT-single-model-Google-AI-Language.json";
  private static final String V2_NA_PROB = "v2.0-BERT-single-model-Google-AI-Language.na_prob.json";

  private static Path predictions(String name) {
    return SharedData.path("data/eval/reference-predictions/" + name);
  }

  private static JsonObject official(String file, String run) throws IOException {
    return JsonParser.parseString(
            Files.readString(SharedData.path("data/eval/official-scores.json")))
        .getAsJsonObject()
        .getAsJsonObject(file)
        .getAsJsonObject(run);
  }

  private static void assertSame(Map<String, Object> got, JsonObject expected) {
    for (var e : expected.entrySet()) {
      assertThat(((Number) got.get(e.getKey())).doubleValue())
          .as(e.getKey())
          .isCloseTo(e.getValue().getAsDouble(), within(1e-9));
    }
  }

  @Test
  void scoresAV11FileAsTheOfficialScript() throws IOException {
    Map<String, Object> got =
        EvaluatePredictions.run(
                new String[] {
                  "--data", SharedData.devV11().toString(),
                  "--predictions", predictions(V1).toString()
                })
            .toMap();
    assertSame(got, official(V1, "evaluate-v1.1"));
  }

  @Test
  void scoresAV20FileWithNoAnswerProbabilitiesAsTheOfficialScript() throws IOException {
    Map<String, Object> got =
        EvaluatePredictions.run(
                new String[] {
                  "--data", SharedData.devV20().toString(),
                  "--predictions", predictions(V2).toString(),
                  "--na-prob", predictions(V2_NA_PROB).toString(),
                  "--na-prob-thresh", "0.5"
                })
            .toMap();
    assertSame(got, official(V2, "na_prob_thresh_0.5"));
  }

  @Test
  void noAnswerProbabilitiesNeedV20Data() {
    assertThatThrownBy(
            () ->
                EvaluatePredictions.run(
                    new String[] {
                      "--data", SharedData.devV11().toString(),
                      "--predictions", predictions(V1).toString(),
                      "--na-prob", predictions(V2_NA_PROB).toString()
                    }))
        .hasMessageContaining("--na-prob needs SQuAD v2.0");
  }
}
