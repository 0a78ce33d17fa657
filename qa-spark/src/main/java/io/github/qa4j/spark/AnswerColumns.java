package io.github.qa4j.spark;

import io.github.qa4j.core.inference.RankedAnswer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns {@link SparkQuestionAnswerer} appends: the best answer's {@code answer}, {@code
 * start}, {@code end}, {@code score} and {@code no_answer}, and optionally {@code nbest}, the
 * ranked candidates as an array of structs with the same fields plus {@code logit_score}.
 *
 * <p>{@code start} and {@code end} are {@link String} indexes into the context ({@code end}
 * exclusive), null for "no answer"; {@code score} is the probability transformers' pipeline gives
 * the answer ({@link RankedAnswer#score()}), null when the decoder did not compute one.
 */
final class AnswerColumns implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The candidate struct of the {@code nbest} column. */
  static final StructType CANDIDATE =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("answer", DataTypes.StringType, false),
            DataTypes.createStructField("start", DataTypes.IntegerType, true),
            DataTypes.createStructField("end", DataTypes.IntegerType, true),
            DataTypes.createStructField("score", DataTypes.DoubleType, true),
            DataTypes.createStructField("logit_score", DataTypes.DoubleType, true),
            DataTypes.createStructField("no_answer", DataTypes.BooleanType, false)
          });

  private final String answer;
  private final String start;
  private final String end;
  private final String score;
  private final String noAnswer;
  private final String nBest;

  /**
   * Column names; {@code nBest} is null to leave the n-best column out.
   *
   * @throws IllegalArgumentException when two names are equal
   */
  AnswerColumns(
      String answer, String start, String end, String score, String noAnswer, String nBest) {
    this.answer = answer;
    this.start = start;
    this.end = end;
    this.score = score;
    this.noAnswer = noAnswer;
    this.nBest = nBest;
    List<String> names = names();
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("output column names must differ, got " + names);
    }
  }

  /** The output column names, in order. */
  List<String> names() {
    List<String> names = new ArrayList<>(List.of(answer, start, end, score, noAnswer));
    if (nBest != null) {
      names.add(nBest);
    }
    return names;
  }

  /** {@code input} with the answer columns after its own. */
  StructType appendTo(StructType input) {
    for (String name : names()) {
      if (List.of(input.fieldNames()).contains(name)) {
        throw new IllegalArgumentException(
            "input already has a column '" + name + "'; choose another output column name");
      }
    }
    StructType out =
        input
            .add(answer, DataTypes.StringType, false)
            .add(start, DataTypes.IntegerType, true)
            .add(end, DataTypes.IntegerType, true)
            .add(score, DataTypes.DoubleType, true)
            .add(noAnswer, DataTypes.BooleanType, false);
    return nBest == null ? out : out.add(nBest, DataTypes.createArrayType(CANDIDATE, false), false);
  }

  /** The values of the answer columns for one question's ranked answers (best first). */
  Object[] values(List<RankedAnswer> ranked) {
    Object[] best =
        ranked.isEmpty()
            ? candidate(new RankedAnswer("", -1, -1, Double.NaN, Double.NaN, true))
            : candidate(ranked.get(0));
    // The best answer's candidate fields but its logit score: answer, start, end, score, no_answer.
    Object[] out = new Object[nBest == null ? 5 : 6];
    System.arraycopy(best, 0, out, 0, 4);
    out[4] = best[5];
    if (nBest != null) {
      List<Row> list = new ArrayList<>(ranked.size());
      for (RankedAnswer a : ranked) {
        list.add(RowFactory.create(candidate(a)));
      }
      out[5] = scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq();
    }
    return out;
  }

  private static Object[] candidate(RankedAnswer a) {
    return new Object[] {
      a.text(),
      a.noAnswer() ? null : a.start(),
      a.noAnswer() ? null : a.end(),
      nullIfNaN(a.score()),
      nullIfNaN(a.logitScore()),
      a.noAnswer()
    };
  }

  private static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
