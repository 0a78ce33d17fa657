package io.github.qa4j.spark;

import io.github.qa4j.core.inference.QaInput;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Answers one partition's rows, {@code questionsPerCall} at a time so that the windows of several
 * questions share forward passes, lazily so that a partition of any size needs memory for one batch
 * only. Deterministic and free of side effects: a retried task yields the same rows.
 */
final class AnswerPartition implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final AnswererOptions options;
  private final Broadcast<HadoopConf> hadoopConf;
  private final AnswerColumns columns;
  private final int idIndex;
  private final int questionIndex;
  private final int contextIndex;
  private final String questionColumn;
  private final String contextColumn;
  private final int questionsPerCall;

  AnswerPartition(
      AnswererOptions options,
      Broadcast<HadoopConf> hadoopConf,
      AnswerColumns columns,
      int[] idQuestionContext,
      String questionColumn,
      String contextColumn,
      int questionsPerCall) {
    this.options = options;
    this.hadoopConf = hadoopConf;
    this.columns = columns;
    this.idIndex = idQuestionContext[0];
    this.questionIndex = idQuestionContext[1];
    this.contextIndex = idQuestionContext[2];
    this.questionColumn = questionColumn;
    this.contextColumn = contextColumn;
    this.questionsPerCall = questionsPerCall;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      // An empty partition loads no model.
      return rows;
    }
    QuestionAnswerer answerer = ExecutorAnswerers.get(options, hadoopConf.value().get());
    return new Iterator<>() {
      private final Deque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (ready.isEmpty() && rows.hasNext()) {
          answerNextBatch(answerer, rows, ready);
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.removeFirst();
      }
    };
  }

  private void answerNextBatch(QuestionAnswerer answerer, Iterator<Row> rows, Deque<Row> out) {
    List<Row> batch = new ArrayList<>(questionsPerCall);
    List<QaInput> inputs = new ArrayList<>(questionsPerCall);
    while (batch.size() < questionsPerCall && rows.hasNext()) {
      Row row = rows.next();
      batch.add(row);
      inputs.add(
          new QaInput(
              required(row, questionIndex, questionColumn),
              required(row, contextIndex, contextColumn)));
    }
    List<List<RankedAnswer>> answers = answerer.answer(inputs);
    for (int i = 0; i < batch.size(); i++) {
      Row row = batch.get(i);
      Object[] added = columns.values(answers.get(i));
      Object[] values = new Object[row.length() + added.length];
      for (int c = 0; c < row.length(); c++) {
        values[c] = row.get(c);
      }
      System.arraycopy(added, 0, values, row.length(), added.length);
      out.add(RowFactory.create(values));
    }
  }

  private String required(Row row, int index, String column) {
    if (row.isNullAt(index)) {
      throw new IllegalArgumentException(
          "row with id " + row.get(idIndex) + ": column '" + column + "' is null");
    }
    return row.getString(index);
  }
}
