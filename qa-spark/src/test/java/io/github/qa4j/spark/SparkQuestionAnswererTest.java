package io.github.qa4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.inference.QaInput;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.squad.SquadReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkQuestionAnswerer} in local mode gives {@link QuestionAnswerer}'s answers row for row:
 * on 200 dev questions, on contexts several windows long, and with SQuAD v2 "no answer".
 */
class SparkQuestionAnswererTest {

  private final SparkSession spark = LocalSpark.session();

  private static SparkQuestionAnswerer.Builder spark(AnswererOptionsShape shape) {
    return SparkQuestionAnswerer.builder()
        .model("file:" + TinyQaModel.dir())
        .maxSeqLength(TinyQaModel.LENGTH)
        .stride(TinyQaModel.STRIDE)
        .windowBatchSize(8)
        .topK(shape.topK)
        .allowNoAnswer(shape.allowNoAnswer)
        .nullScoreDiffThreshold(shape.threshold)
        .questionsPerCall(7)
        .nBest(true);
  }

  /** The options that differ between the tests. */
  private record AnswererOptionsShape(int topK, boolean allowNoAnswer, double threshold) {}

  private static List<List<RankedAnswer>> singleMachine(
      SparkQuestionAnswerer onSpark, List<QaExample> examples) throws Exception {
    try (QuestionAnswerer qa =
        AnswererFactory.open(onSpark.options().withModel(TinyQaModel.dir().toString()))) {
      return qa.answer(examples.stream().map(e -> new QaInput(e.question(), e.context())).toList());
    }
  }

  private List<Row> onSpark(SparkQuestionAnswerer qa, List<QaExample> examples, int partitions) {
    Dataset<Row> answered = qa.transform(SquadOnSpark.questions(spark, examples, partitions));
    return answered.collectAsList();
  }

  /** Row {@code row} holds exactly the single-machine answers {@code expected}. */
  private static void assertSameAnswers(Row row, QaExample example, List<RankedAnswer> expected) {
    assertThat(row.<String>getAs("id")).isEqualTo(example.id());
    assertThat(row.<String>getAs("context")).isEqualTo(example.context());
    // No valid span (a barely trained model) gives no answers: Spark reports "no answer".
    RankedAnswer best =
        expected.isEmpty()
            ? new RankedAnswer("", -1, -1, Double.NaN, Double.NaN, true)
            : expected.get(0);
    assertThat(row.<String>getAs("answer")).as(example.id()).isEqualTo(best.text());
    assertThat(row.<Boolean>getAs("no_answer")).isEqualTo(best.noAnswer());
    if (best.noAnswer()) {
      assertThat(row.isNullAt(row.fieldIndex("start"))).isTrue();
      assertThat(row.isNullAt(row.fieldIndex("end"))).isTrue();
    } else {
      assertThat(row.<Integer>getAs("start")).isEqualTo(best.start());
      assertThat(row.<Integer>getAs("end")).isEqualTo(best.end());
    }
    assertSameScore(row.<Double>getAs("score"), best.score());
    List<Row> nBest = row.getList(row.fieldIndex("nbest"));
    assertThat(nBest).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      RankedAnswer e = expected.get(i);
      Row c = nBest.get(i);
      assertThat(c.<String>getAs("answer")).isEqualTo(e.text());
      assertThat(c.<Boolean>getAs("no_answer")).isEqualTo(e.noAnswer());
      assertSameScore(c.<Double>getAs("score"), e.score());
      assertSameScore(c.<Double>getAs("logit_score"), e.logitScore());
      if (!e.noAnswer()) {
        assertThat(c.<Integer>getAs("start")).isEqualTo(e.start());
        assertThat(c.<Integer>getAs("end")).isEqualTo(e.end());
      }
    }
  }

  /**
   * The same score up to float rounding: Spark batches other windows together than the single
   * machine does, and the fused attention kernel sums over each batch's padded length, so scores
   * can differ in their last bits (about 1e-7 relative); answers and spans are equal. A score the
   * decoder did not compute (NaN) is null in Spark.
   */
  private static void assertSameScore(Double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).isNull();
    } else {
      assertThat(actual).isCloseTo(expected, within(1e-6 * Math.max(1.0, Math.abs(expected))));
    }
  }

  @Test
  void answersTwoHundredDevQuestionsAsTheSingleMachineAnswererDoes() throws Exception {
    List<QaExample> dev = TinyQaModel.devV11(200);
    SparkQuestionAnswerer qa = spark(new AnswererOptionsShape(3, false, 0.0)).build();
    List<List<RankedAnswer>> expected = singleMachine(qa, dev);
    List<Row> rows = onSpark(qa, dev, 5);
    assertThat(rows).hasSize(dev.size());
    for (int i = 0; i < dev.size(); i++) {
      assertSameAnswers(rows.get(i), dev.get(i), expected.get(i));
    }
  }

  @Test
  void findsAnswersPastTheFirstWindowWhereTheSingleMachineAnswererDoes() throws Exception {
    List<QaExample> examples = TinyQaModel.longExamples();
    SparkQuestionAnswerer qa = spark(new AnswererOptionsShape(3, false, 0.0)).build();
    List<List<RankedAnswer>> expected = singleMachine(qa, examples);
    List<Row> rows = onSpark(qa, examples, 2);
    int pastFirstWindow = 0;
    try (Featurizer windows =
        Featurizer.builder(SharedData.bertTokenizer(), WindowLayout.questionFirst(0))
            .windows(new WindowOptions(TinyQaModel.LENGTH, TinyQaModel.STRIDE))
            .build()) {
      for (int i = 0; i < examples.size(); i++) {
        QaExample e = examples.get(i);
        List<QaFeature> cut = windows.featurize(e);
        assertThat(cut).as("windows of %s", e.id()).hasSizeGreaterThanOrEqualTo(4);
        int firstWindowEnd = Arrays.stream(cut.get(0).offsetEnd()).max().orElseThrow();
        assertSameAnswers(rows.get(i), e, expected.get(i));
        if (!expected.get(i).get(0).noAnswer() && expected.get(i).get(0).start() > firstWindowEnd) {
          pastFirstWindow++;
        }
      }
    }
    assertThat(pastFirstWindow).as("answers past the first window").isPositive();
  }

  @Test
  void passesSquadV2NoAnswersThrough() throws Exception {
    List<QaExample> v2 = SquadReader.strict().read(SharedData.devV20()).examples().subList(0, 60);
    // The threshold at which about half the questions get "no answer": the median margin by
    // which "no answer" beats the best span (all candidates are kept to see both).
    SparkQuestionAnswerer probe = spark(new AnswererOptionsShape(20, true, 0.0)).build();
    List<Double> margins = new ArrayList<>();
    for (List<RankedAnswer> ranked : singleMachine(probe, v2)) {
      var none = ranked.stream().filter(RankedAnswer::noAnswer).findFirst();
      var span = ranked.stream().filter(a -> !a.noAnswer()).findFirst();
      if (none.isPresent() && span.isPresent()) {
        margins.add(none.get().logitScore() - span.get().logitScore());
      }
    }
    assertThat(margins).hasSizeGreaterThan(v2.size() / 2);
    margins.sort(null);
    // Half-way between the two middle margins, clear of the decoder's float32 rounding.
    int middle = margins.size() / 2;
    double threshold = (margins.get(middle - 1) + margins.get(middle)) / 2;
    SparkQuestionAnswerer qa = spark(new AnswererOptionsShape(3, true, threshold)).build();
    List<List<RankedAnswer>> expected = singleMachine(qa, v2);
    List<Row> rows = onSpark(qa, v2, 3);
    int none = 0;
    for (int i = 0; i < v2.size(); i++) {
      assertSameAnswers(rows.get(i), v2.get(i), expected.get(i));
      if (rows.get(i).<Boolean>getAs("no_answer")) {
        assertThat(rows.get(i).<String>getAs("answer")).isEmpty();
        none++;
      }
    }
    assertThat(none)
        .as("no answers at threshold %s of %s", threshold, margins)
        .isBetween(v2.size() / 4, v2.size() * 3 / 4);
  }

  @Test
  void namesAMissingOrMistypedColumn() {
    SparkQuestionAnswerer qa =
        spark(new AnswererOptionsShape(3, false, 0.0)).contextColumn("passage").build();
    Dataset<Row> questions = SquadOnSpark.questions(spark, List.of(), 1);
    assertThatThrownBy(() -> qa.transform(questions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no column 'passage'");
    Dataset<Row> numbered = questions.withColumn("answer", questions.col("id"));
    assertThatThrownBy(
            () -> spark(new AnswererOptionsShape(3, false, 0.0)).build().transform(numbered))
        .hasMessageContaining("already has a column 'answer'");
  }
}
