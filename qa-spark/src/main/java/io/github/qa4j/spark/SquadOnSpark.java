package io.github.qa4j.spark;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadResult;
import io.github.qa4j.squad.SquadDataset;
import io.github.qa4j.squad.SquadReader;
import io.github.qa4j.squad.SquadVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * SQuAD evaluation with the predictions computed on Spark: the file is read on the driver (with
 * {@link SquadReader}), its questions answered on the executors, the answers collected back and
 * scored with {@link SquadEvaluator}, exactly as the single-machine path scores them.
 */
public final class SquadOnSpark {

  /**
   * The columns of {@link #questions}: {@code id}, {@code title}, {@code question}, {@code
   * context}.
   */
  public static final StructType QUESTIONS =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("title", DataTypes.StringType, false)
          .add("question", DataTypes.StringType, false)
          .add("context", DataTypes.StringType, false);

  private SquadOnSpark() {}

  /** The questions of a SQuAD file, in file order, in {@code partitions} partitions. */
  public static Dataset<Row> questions(SparkSession spark, Path squadFile, int partitions)
      throws IOException {
    return questions(spark, SquadReader.strict().read(squadFile).examples(), partitions);
  }

  /** The given questions, in order, in {@code partitions} partitions (at least 1). */
  public static Dataset<Row> questions(
      SparkSession spark, List<QaExample> examples, int partitions) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
    }
    List<Row> rows = new ArrayList<>(examples.size());
    for (QaExample e : examples) {
      rows.add(RowFactory.create(e.id(), e.title(), e.question(), e.context()));
    }
    // parallelize cuts the list into contiguous slices, so the collected order is the list's.
    return spark.createDataFrame(
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
        QUESTIONS);
  }

  /**
   * The {@code {id: answer}} map of answered rows, collected to the driver in the dataset's order;
   * "no answer" is the empty string, as SQuAD v2 prediction files write it.
   *
   * @throws IllegalStateException when an id occurs twice
   */
  public static Map<String, String> predictions(Dataset<Row> answered, String idColumn) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Row r : answered.select(idColumn, "answer").collectAsList()) {
      String id = String.valueOf(r.get(0));
      if (out.put(id, r.getString(1)) != null) {
        throw new IllegalStateException("question id " + id + " occurs twice in the predictions");
      }
    }
    return out;
  }

  /**
   * Predicts every question of {@code squadFile} on Spark and scores the answers with the file's
   * metric (SQuAD v1.1 or v2.0, without no-answer probabilities).
   */
  public static Evaluation evaluate(
      SparkSession spark, Path squadFile, SparkQuestionAnswerer answerer, int partitions)
      throws IOException {
    SquadDataset data = SquadReader.strict().read(squadFile);
    Map<String, String> predicted =
        predictions(answerer.transform(questions(spark, data.examples(), partitions)), "id");
    Map<String, List<String>> gold = SquadReader.goldAnswers(squadFile);
    SquadResult result =
        data.version() == SquadVersion.V2_0
            ? SquadEvaluator.evaluateV2(gold, predicted)
            : SquadEvaluator.evaluateV1(gold, predicted);
    return new Evaluation(predicted, result);
  }

  /**
   * Predictions and their scores.
   *
   * @param predictions {@code {id: answer}} in file order
   * @param result the official metrics over them
   */
  public record Evaluation(Map<String, String> predictions, SquadResult result) {}
}
