package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  /** A SQuAD file with one paragraph; answers of "" mark an unanswerable question (v2.0). */
  private Path squad(String version, String... idAndAnswer) throws IOException {
    String context = "The cat sat on the red mat in Paris.";
    StringBuilder qas = new StringBuilder();
    for (int i = 0; i < idAndAnswer.length; i += 2) {
      String answer = idAndAnswer[i + 1];
      String answers =
          answer.isEmpty()
              ? "[], \"is_impossible\": true"
              : "[{\"text\": \""
                  + answer
                  + "\", \"answer_start\": "
                  + context.indexOf(answer)
                  + "}]";
      qas.append(i == 0 ? "" : ", ")
          .append("{\"id\": \"")
          .append(idAndAnswer[i])
          .append("\", \"question\": \"Where?\", \"answers\": ")
          .append(answers)
          .append("}");
    }
    return write(
        "dev-" + version + ".json",
        "{\"version\": \""
            + version
            + "\", \"data\": [{\"title\": \"T\", \"paragraphs\": [{\"context\": \""
            + context
            + "\", \"qas\": ["
            + qas
            + "]}]}]}");
  }

  private static JsonObject json(String out) {
    return JsonParser.parseString(out).getAsJsonObject();
  }

  @Test
  void v11DataGivesV1KeysAndReportsMissingAndUnknownPredictions() throws IOException {
    Path data = squad("1.1", "q1", "red mat", "q2", "Paris");
    Path pred = write("p.json", "{\"q1\": \"the red mat\", \"x9\": \"cat\"}");
    QaCommandTest.Run r =
        QaCommandTest.run("evaluate", "--data", data.toString(), "--predictions", pred.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject out = json(r.out());
    assertThat(out.keySet()).containsExactly("exact_match", "f1");
    assertThat(out.get("exact_match").getAsDouble()).isEqualTo(50.0);
    assertThat(r.err())
        .contains("1 of 2 questions have no prediction and score 0: q2")
        .contains("ignored 1 prediction(s) for ids not in the data: x9");
  }

  @Test
  void v20DataGivesV2KeysAndMetricOverrides() throws IOException {
    Path data = squad("v2.0", "q1", "red mat", "q2", "");
    Path pred = write("p.json", "{\"q1\": \"red mat\", \"q2\": \"\"}");
    QaCommandTest.Run r =
        QaCommandTest.run("evaluate", "--data", data.toString(), "--predictions", pred.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(json(r.out()).keySet())
        .containsExactly(
            "exact",
            "f1",
            "total",
            "HasAns_exact",
            "HasAns_f1",
            "HasAns_total",
            "NoAns_exact",
            "NoAns_f1",
            "NoAns_total");
    assertThat(r.err()).isEmpty();

    Path v11 = squad("1.1", "q1", "red mat");
    QaCommandTest.Run v2Keys =
        QaCommandTest.run(
            "evaluate",
            "--data",
            v11.toString(),
            "--predictions",
            pred.toString(),
            "--metric",
            "squad_v2");
    assertThat(json(v2Keys.out()).get("HasAns_total").getAsInt()).isEqualTo(1);
    assertThat(json(v2Keys.out()).has("NoAns_total")).isFalse();
  }

  @Test
  void naProbAddsBestThresholdsAndOutWritesTheSameObject() throws IOException {
    Path data = squad("v2.0", "q1", "red mat", "q2", "");
    Path pred = write("p.json", "{\"q1\": \"red mat\", \"q2\": \"cat\"}");
    Path na = write("na.json", "{\"q1\": 0.1, \"q2\": 0.9}");
    Path out = dir.resolve("sub/eval.json");
    Path perQuestion = dir.resolve("per-question.jsonl");
    QaCommandTest.Run r =
        QaCommandTest.run(
            "evaluate",
            "--data",
            data.toString(),
            "--predictions",
            pred.toString(),
            "--na-prob",
            na.toString(),
            "--na-prob-thresh",
            "0.5",
            "--out",
            out.toString(),
            "--per-question",
            perQuestion.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject printed = json(r.out());
    assertThat(printed.get("exact").getAsDouble()).isEqualTo(100.0); // q2 abstains at 0.5
    assertThat(printed.get("best_exact_thresh").getAsDouble()).isEqualTo(0.1);
    assertThat(json(Files.readString(out))).isEqualTo(printed);
    List<String> lines = Files.readAllLines(perQuestion);
    assertThat(lines).hasSize(2);
    JsonObject q2 = json(lines.get(1));
    assertThat(q2.get("id").getAsString()).isEqualTo("q2");
    assertThat(q2.get("abstained").getAsBoolean()).isTrue();
    assertThat(q2.get("raw_exact").getAsDouble()).isZero();
    assertThat(q2.get("exact").getAsDouble()).isEqualTo(1.0);
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out); // no temporary file left behind
    }
  }

  @Test
  void malformedPredictionsNameTheFileAndEntryAndWriteNothing() throws IOException {
    Path data = squad("1.1", "q1", "red mat");
    Path pred = write("p.json", "{\"q1\": [\"red mat\"]}");
    Path out = dir.resolve("eval.json");
    QaCommandTest.Run r =
        QaCommandTest.run(
            "evaluate",
            "--data",
            data.toString(),
            "--predictions",
            pred.toString(),
            "--out",
            out.toString());
    assertThat(r.code()).isEqualTo(QaCommand.RUN_ERROR);
    assertThat(r.err().strip())
        .doesNotContain("\n")
        .contains(pred.toString())
        .contains("entry 'q1'")
        .contains("expected a string");
    assertThat(r.out()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void missingNaProbabilityNamesTheQuestion() throws IOException {
    Path data = squad("v2.0", "q1", "red mat", "q2", "");
    Path pred = write("p.json", "{\"q1\": \"red mat\", \"q2\": \"\"}");
    Path na = write("na.json", "{\"q1\": 0.1}");
    QaCommandTest.Run r =
        QaCommandTest.run(
            "evaluate",
            "--data",
            data.toString(),
            "--predictions",
            pred.toString(),
            "--na-prob",
            na.toString());
    assertThat(r.code()).isEqualTo(QaCommand.RUN_ERROR);
    assertThat(r.err()).contains(na.toString()).contains("'q2'");
  }

  @Test
  void naProbWithTheV1MetricIsAUsageError() throws IOException {
    Path data = squad("1.1", "q1", "red mat");
    Path pred = write("p.json", "{\"q1\": \"red mat\"}");
    Path na = write("na.json", "{\"q1\": 0.1}");
    QaCommandTest.Run r =
        QaCommandTest.run(
            "evaluate",
            "--data",
            data.toString(),
            "--predictions",
            pred.toString(),
            "--na-prob",
            na.toString());
    assertThat(r.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(r.err()).contains("is SQuAD v1.1").contains("--metric squad_v2");
    QaCommandTest.Run badMetric =
        QaCommandTest.run(
            "evaluate",
            "--data",
            data.toString(),
            "--predictions",
            pred.toString(),
            "--metric",
            "bleu");
    assertThat(badMetric.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(badMetric.err()).contains("bleu").contains("squad, squad_v2");
    QaCommandTest.Run noData = QaCommandTest.run("evaluate", "--predictions", pred.toString());
    assertThat(noData.code()).isEqualTo(QaCommand.USAGE_ERROR);
  }
}
