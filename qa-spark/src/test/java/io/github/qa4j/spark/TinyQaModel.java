package io.github.qa4j.spark;

import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny BERT (bert-base-uncased's vocabulary, 2 layers of width 64) given a few training steps on
 * the first dev v1.1 paragraph's questions behind filler text, whose contexts are several 128-token
 * windows long; made once per test JVM. The Spark tests compare Spark's answers with the single
 * machine's, which must agree for any weights, so a few steps suffice: memorizing the questions, as
 * qa4j's {@code QuestionAnswererTest} does, takes minutes on a loaded 2-core machine.
 */
final class TinyQaModel {

  /** Window length and stride the model was trained with. */
  static final int LENGTH = 128;

  static final int STRIDE = 32;

  private static final String FILLER =
      "It was a quiet day, and nothing else happened there at all. ".repeat(20);

  private static Path dir;
  private static List<QaExample> longExamples;

  private TinyQaModel() {}

  /** The model directory (config.json, model.safetensors, tokenizer.json). */
  static synchronized Path dir() {
    if (dir == null) {
      try {
        train();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  /** The training questions, whose contexts are several windows long. */
  static synchronized List<QaExample> longExamples() {
    dir();
    return longExamples;
  }

  /** The first {@code n} dev v1.1 questions, in file order. */
  static List<QaExample> devV11(int n) throws IOException {
    return SquadReader.strict().read(SharedData.devV11()).examples().subList(0, n);
  }

  private static void train() throws IOException {
    List<QaExample> dev = SquadReader.strict().read(SharedData.devV11()).examples();
    String paragraph = dev.get(0).context();
    String prefix = FILLER + "\n";
    longExamples =
        dev.stream()
            .filter(e -> e.context().equals(paragraph))
            .map(
                e ->
                    new QaExample(
                        e.id(),
                        e.title(),
                        prefix + paragraph,
                        e.question(),
                        e.answers().stream()
                            .map(a -> new Answer(a.text(), a.start() + prefix.length()))
                            .toList(),
                        false))
            .toList();
    Path out = Files.createTempDirectory("qa-spark-tiny-model");
    try (QaTrainer trainer =
        QaTrainer.builder()
            .modelConfig(
                QaModels.readConfig(Path.of("src/test/resources/bert-tiny-memorize-config.json")),
                SharedData.bertTokenizer())
            .maxSeqLength(LENGTH)
            .stride(STRIDE)
            .batchSize(8)
            .evalBatchSize(32)
            .learningRate(2e-3)
            .warmupRatio(0.05)
            .maxSteps(4)
            .seed(7)
            .outputDir(out)
            .build()) {
      trainer.train(longExamples);
    }
    dir = out;
  }
}
