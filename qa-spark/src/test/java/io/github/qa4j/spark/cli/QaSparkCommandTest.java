package io.github.qa4j.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.metrics.PredictionReader;
import io.github.qa4j.spark.SparkTestSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code qa-spark} on a SQuAD file and on a Parquet table, and its refusals. */
class QaSparkCommandTest {

  @TempDir Path tmp;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    CommandLine cli = QaSparkCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, err.toString());
  }

  private String[] common(String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--master", "local[2]",
                "--model", "file:" + SparkTestSupport.modelDir(),
                "--max-seq-length", "128",
                "--doc-stride", "32"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void writesSquadPredictionsForADataFile() throws Exception {
    Path data = SparkTestSupport.smallDevFile(tmp);
    Path out = tmp.resolve("out/predictions.json");
    Run run = run(common("--data", data.toString(), "--out", out.toString(), "--partitions", "3"));
    assertThat(run.code()).as(run.err()).isZero();
    Map<String, String> written = PredictionReader.readPredictions(out);
    assertThat(written).containsExactlyEntriesOf(SparkTestSupport.singleMachinePredictions(data));
    try (var left = Files.list(out.getParent())) {
      assertThat(left).as("no temporary file is left").containsExactly(out);
    }
  }

  @Test
  void answersAParquetTable() throws Exception {
    SparkSession spark = SparkTestSupport.session();
    Path data = SparkTestSupport.smallDevFile(tmp);
    Path input = tmp.resolve("questions.parquet");
    SparkTestSupport.questions(data).write().parquet(input.toString());
    Path out = tmp.resolve("answers.parquet");
    Run run = run(common("--input", input.toString(), "--out", out.toString(), "--n-best"));
    assertThat(run.code()).as(run.err()).isZero();
    Dataset<Row> answers = spark.read().parquet(out.toString());
    assertThat(answers.columns())
        .containsExactly(
            "id",
            "title",
            "question",
            "context",
            "answer",
            "start",
            "end",
            "score",
            "no_answer",
            "nbest");
    Map<String, String> expected = SparkTestSupport.singleMachinePredictions(data);
    assertThat(answers.count()).isEqualTo(expected.size());
    for (Row r : answers.select("id", "answer").collectAsList()) {
      assertThat(r.getString(1)).as(r.getString(0)).isEqualTo(expected.get(r.getString(0)));
    }
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no staging directory is left")
          .noneMatch(n -> n.startsWith("."));
    }

    Run again = run(common("--input", input.toString(), "--out", out.toString()));
    assertThat(again.code()).isEqualTo(QaSparkCommand.RUN_ERROR);
    assertThat(again.err()).contains("--out " + out + " already exists");
  }

  @Test
  void refusesToOverwriteItsInput() throws Exception {
    Path data = SparkTestSupport.smallDevFile(tmp);
    byte[] before = Files.readAllBytes(data);
    Run run = run(common("--data", data.toString(), "--out", data.toString()));
    assertThat(run.code()).isEqualTo(QaSparkCommand.RUN_ERROR);
    assertThat(run.err()).contains("is the --data file");
    assertThat(Files.readAllBytes(data)).isEqualTo(before);
  }

  @Test
  void namesAMissingModelAndABadPrecision() throws Exception {
    Path data = SparkTestSupport.smallDevFile(tmp);
    String missing = "file:" + tmp.resolve("no-model");
    Run run =
        run(
            "--master",
            "local[2]",
            "--model",
            missing,
            "--data",
            data.toString(),
            "--out",
            tmp.resolve("p.json").toString());
    assertThat(run.code()).isEqualTo(QaSparkCommand.RUN_ERROR);
    assertThat(run.err()).contains("model directory " + missing + " does not exist");
    Run precision =
        run(common("--data", data.toString(), "--out", "p.json", "--precision", "int3"));
    assertThat(precision.code()).isEqualTo(QaSparkCommand.USAGE_ERROR);
    assertThat(precision.err()).contains("precision 'int3' is not supported");
    assertThat(tmp.resolve("p.json")).doesNotExist();
  }
}
