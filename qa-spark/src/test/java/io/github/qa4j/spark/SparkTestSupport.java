package io.github.qa4j.spark;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.inference.QaInput;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.squad.SquadReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Test helpers for other packages (the command line's tests). */
public final class SparkTestSupport {

  private SparkTestSupport() {}

  /** The tests' Spark session. */
  public static SparkSession session() {
    return LocalSpark.session();
  }

  /** The tiny model's directory. */
  public static Path modelDir() {
    return TinyQaModel.dir();
  }

  /** A SQuAD v1.1 file with the first 80 dev questions, written into {@code dir}. */
  public static Path smallDevFile(Path dir) throws Exception {
    return SquadOnSparkTest.smallDevFile(dir);
  }

  /** The questions of a SQuAD file as a dataset. */
  public static Dataset<Row> questions(Path squadFile) throws Exception {
    return SquadOnSpark.questions(session(), squadFile, 2);
  }

  /**
   * {@code {id: answer}} from the single-machine answerer with the tiny model, windows of 128 and
   * stride 32 and otherwise default options.
   */
  public static Map<String, String> singleMachinePredictions(Path squadFile) throws Exception {
    List<QaExample> examples = SquadReader.strict().read(squadFile).examples();
    AnswererOptions options =
        SparkQuestionAnswerer.builder()
            .model(TinyQaModel.dir().toString())
            .maxSeqLength(TinyQaModel.LENGTH)
            .stride(TinyQaModel.STRIDE)
            .build()
            .options();
    Map<String, String> expected = new LinkedHashMap<>();
    try (QuestionAnswerer single = AnswererFactory.open(options)) {
      List<List<RankedAnswer>> answers =
          single.answer(
              examples.stream().map(e -> new QaInput(e.question(), e.context())).toList());
      for (int i = 0; i < examples.size(); i++) {
        // No valid span (a barely trained model) is an empty list: the prediction is "".
        List<RankedAnswer> ranked = answers.get(i);
        expected.put(examples.get(i).id(), ranked.isEmpty() ? "" : ranked.get(0).text());
      }
    }
    return expected;
  }
}
