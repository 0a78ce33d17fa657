package io.github.qa4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.data.QaExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task that fails half-way on its first attempt is retried without losing or repeating rows. */
class TaskRetryTest {

  @TempDir Path tmp;

  /**
   * Test-only: the first attempt of partition 1 throws after yielding a few rows (and leaves a
   * marker file, so that the test knows the failure happened).
   */
  private static final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final MapPartitionsFunction<Row, Row> delegate;
    private final String marker;

    FailFirstAttempt(MapPartitionsFunction<Row, Row> delegate, String marker) {
      this.delegate = delegate;
      this.marker = marker;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws Exception {
      Iterator<Row> answered = delegate.call(rows);
      TaskContext task = TaskContext.get();
      if (task.partitionId() != 1 || task.attemptNumber() > 0) {
        return answered;
      }
      return new Iterator<>() {
        private int yielded;

        @Override
        public boolean hasNext() {
          return answered.hasNext();
        }

        @Override
        public Row next() {
          if (yielded == 5) {
            try {
              Files.createFile(Path.of(marker));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("injected failure on the first attempt");
          }
          yielded++;
          return answered.next();
        }
      };
    }
  }

  @Test
  void aRetriedTaskNeitherLosesNorRepeatsRows() throws Exception {
    List<QaExample> dev = TinyQaModel.devV11(40);
    SparkQuestionAnswerer qa =
        SparkQuestionAnswerer.builder()
            .model("file:" + TinyQaModel.dir())
            .maxSeqLength(TinyQaModel.LENGTH)
            .stride(TinyQaModel.STRIDE)
            .questionsPerCall(3)
            .build();
    var questions = SquadOnSpark.questions(LocalSpark.session(), dev, 4);
    List<Row> clean = qa.transform(questions).collectAsList();
    Path marker = tmp.resolve("failed-once");
    List<Row> retried =
        qa.transform(questions, f -> new FailFirstAttempt(f, marker.toString())).collectAsList();
    assertThat(marker).exists();
    assertThat(retried).hasSize(dev.size()).containsExactlyElementsOf(clean);
    assertThat(retried.stream().map(r -> r.<String>getAs("id")).toList())
        .containsExactlyElementsOf(dev.stream().map(QaExample::id).toList());
  }
}
