package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.metrics.PredictionReader;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadV1Result;
import io.github.qa4j.metrics.SquadV2Result;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every number in {@code shared/data/eval/official-scores.json}, which the official scripts printed
 * for the reference prediction files, reproduced by {@code qa evaluate} (gold answers read by
 * qa-squad, scores by qa-metrics). The tolerance asked for is 1e-9; the numbers are in fact
 * bit-identical, which the second assertion checks (it proves the summation order is the script's:
 * {@code best_f1} differs from {@code f1} in the 14th digit only through that order).
 */
class OfficialScoresParityTest {

  private static final Path EVAL = SharedData.path("data/eval");
  private static final Path PREDICTIONS = EVAL.resolve("reference-predictions");

  private static JsonObject officialScores() throws IOException {
    return JsonParser.parseString(Files.readString(EVAL.resolve("official-scores.json")))
        .getAsJsonObject();
  }

  @TestFactory
  Stream<DynamicTest> everyOfficialNumberIsReproduced() throws IOException {
    JsonObject official = officialScores();
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(PREDICTIONS)) {
      List<String> predictionFiles =
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> !name.endsWith(".na_prob.json"))
              .sorted()
              .toList();
      assertThat(predictionFiles).hasSize(6).allMatch(official::has);
      for (String name : predictionFiles) {
        JsonObject expected = official.getAsJsonObject(name);
        Path data = SharedData.path("data/squad/" + expected.get("data").getAsString());
        Path pred = PREDICTIONS.resolve(name);
        if (name.startsWith("1.1-")) {
          tests.add(
              check(
                  name + " v1",
                  expected.get("evaluate-v1.1"),
                  "--data",
                  data,
                  "--predictions",
                  pred));
          if (expected.get("evaluate-v2.0").isJsonObject()) {
            tests.add(
                check(
                    name + " v2 keys",
                    expected.get("evaluate-v2.0"),
                    "--data",
                    data,
                    "--predictions",
                    pred,
                    "--metric",
                    "squad_v2"));
          }
        } else {
          Path na = PREDICTIONS.resolve(expected.get("na_prob_file").getAsString());
          tests.add(
              check(
                  name + " no na_prob",
                  expected.get("no_na_prob"),
                  "--data",
                  data,
                  "--predictions",
                  pred));
          tests.add(
              check(
                  name + " thresh 1.0",
                  expected.get("na_prob_thresh_1.0"),
                  "--data",
                  data,
                  "--predictions",
                  pred,
                  "--na-prob",
                  na,
                  "--na-prob-thresh",
                  "1.0"));
          tests.add(
              check(
                  name + " thresh 0.5",
                  expected.get("na_prob_thresh_0.5"),
                  "--data",
                  data,
                  "--predictions",
                  pred,
                  "--na-prob",
                  na,
                  "--na-prob-thresh",
                  "0.5"));
        }
      }
    }
    assertThat(tests).hasSize(4 + 3 + 2 * 3);
    return tests.stream();
  }

  private static DynamicTest check(String name, JsonElement expected, Object... args) {
    return DynamicTest.dynamicTest(
        name,
        () -> {
          String[] argv = Stream.of(args).map(String::valueOf).toArray(String[]::new);
          QaCommandTest.Run run =
              QaCommandTest.run(
                  Stream.concat(Stream.of("evaluate"), Stream.of(argv)).toArray(String[]::new));
          assertThat(run.code()).as(run.err()).isZero();
          JsonObject actual = JsonParser.parseString(run.out()).getAsJsonObject();
          JsonObject want = expected.getAsJsonObject();
          assertThat(actual.keySet()).containsExactlyElementsOf(want.keySet());
          for (String key : want.keySet()) {
            double w = want.get(key).getAsDouble();
            double a = actual.get(key).getAsDouble();
            assertThat(a).as(key).isCloseTo(w, within(1e-9));
            assertThat(a).as(key + " bit for bit").isEqualTo(w);
          }
        });
  }

  /**
   * The official v2.0 script crashes on the Logistic Regression baseline, which lacks predictions;
   * here they score 0. Its v1.1 numbers treat them the same way, so on this v1.1 data (no empty
   * gold answers) both key sets agree.
   */
  @Test
  void missingPredictionsScoreZeroInBothMetrics() throws IOException {
    String name = "1.1-Logistic-Regression-Baseline-Stanford-University.json";
    Map<String, List<String>> gold = SquadReader.goldAnswers(SharedData.devV11());
    Map<String, String> pred = PredictionReader.readPredictions(PREDICTIONS.resolve(name));
    long absent = gold.keySet().stream().filter(id -> !pred.containsKey(id)).count();
    assertThat(absent).isPositive();
    SquadV1Result v1 = SquadEvaluator.evaluateV1(gold, pred);
    SquadV2Result v2 = SquadEvaluator.evaluateV2(gold, pred);
    assertThat(v1.coverage().missingPredictions()).hasSize((int) absent);
    assertThat(v2.coverage()).isEqualTo(v1.coverage());
    JsonObject official = officialScores().getAsJsonObject(name).getAsJsonObject("evaluate-v1.1");
    assertThat(v1.exactMatch()).isEqualTo(official.get("exact_match").getAsDouble());
    assertThat(v2.all().exact()).isCloseTo(v1.exactMatch(), within(1e-9));
    assertThat(v2.all().f1()).isCloseTo(v1.f1(), within(1e-9));
    assertThat(v2.all().total()).isEqualTo(gold.size());
  }
}
