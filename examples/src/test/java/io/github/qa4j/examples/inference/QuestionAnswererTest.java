package io.github.qa4j.examples.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.inference.QaInput;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.squad.SquadReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link QuestionAnswerer} on a tiny BERT that has memorized 32 dev questions: the same answers as
 * the trainer's evaluation, long contexts, offsets into non-BMP text, and many threads at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestionAnswererTest {

  private static final int LENGTH = 128;
  private static final int STRIDE = 32;

  private Path modelDir;
  private List<QaExample> examples;
  private EvalResult evaluation;
  private QuestionAnswerer answerer;

  @BeforeAll
  void trainTinyModel(@TempDir Path tmp) throws Exception {
    examples = SquadReader.strict().read(SharedData.devV11()).examples().subList(0, 32);
    Path out = tmp.resolve("model");
    modelDir = out;
    try (QaTrainer trainer =
        QaTrainer.builder()
            .modelConfig(
                QaModels.readConfig(Path.of("src/test/resources/bert-tiny-memorize-config.json")))
            .tokenizer(SharedData.bertTokenizer())
            .maxSeqLength(LENGTH)
            .stride(STRIDE)
            .batchSize(16)
            .evalBatchSize(32)
            .learningRate(3e-3)
            .warmupRatio(0.05)
            .epochs(60)
            .seed(11)
            .outputDir(out)
            .build()) {
      trainer.train(examples);
      evaluation = trainer.evaluate(examples);
    }
    assertThat(evaluation.metric("eval_exact_match")).isGreaterThan(80.0);
    answerer =
        QuestionAnswerer.builder()
            .model(out.toString())
            .maxSeqLength(LENGTH)
            .stride(STRIDE)
            .batchSize(8)
            .maxConcurrency(3)
            .topK(3)
            .build();
  }

  @AfterAll
  void close() {
    if (answerer != null) {
      answerer.close();
    }
  }

  private List<QaInput> inputs() {
    return examples.stream().map(e -> new QaInput(e.question(), e.context())).toList();
  }

  @Test
  void answersLikeTheTrainersEvaluation() {
    List<List<RankedAnswer>> answers = answerer.answer(inputs());
    for (int i = 0; i < examples.size(); i++) {
      Prediction expected = evaluation.predictions().get(i);
      RankedAnswer best = answers.get(i).get(0);
      assertThat(best.text()).as(examples.get(i).id()).isEqualTo(expected.text());
      assertThat(best.start()).isEqualTo(expected.startOffset());
      assertThat(best.end()).isEqualTo(expected.endOffset());
    }
  }

  @Test
  void findsAnswersPastTheFirstWindowOfALongContext() {
    // Other paragraphs first, the question's own paragraph last: several windows long.
    String filler =
        String.join(
            "\n",
            examples.stream()
                .map(QaExample::context)
                .distinct()
                .filter(c -> !c.equals(examples.get(0).context()))
                .limit(4)
                .toList());
    int found = 0;
    int asked = 0;
    for (QaExample e : examples) {
      if (!e.context().equals(examples.get(0).context())) {
        continue;
      }
      String context = filler + "\n" + e.context();
      asked++;
      RankedAnswer best = answerer.answer(e.question(), context).get(0);
      assertThat(context.substring(best.start(), best.end())).isEqualTo(best.text());
      int goldStart = filler.length() + 1 + e.answers().get(0).start();
      if (best.start() == goldStart && best.text().equals(e.answers().get(0).text())) {
        found++;
      }
    }
    assertThat(filler.length()).isGreaterThan(4 * LENGTH * 4);
    assertThat(asked).isGreaterThan(2);
    assertThat(found)
        .as("answers found far past the first window")
        .isGreaterThanOrEqualTo(asked / 2);
  }

  @Test
  void offsetsSliceTheCallersStringAroundCharactersOutsideTheBmp() {
    QaExample e = examples.get(0);
    String context =
        "\uD835\uDD18\uD83D\uDE00 " + e.context().replace(" the ", " \uD83D\uDE00 the ");
    for (RankedAnswer a : answerer.answer(e.question(), context)) {
      if (!a.noAnswer()) {
        assertThat(context.substring(a.start(), a.end())).isEqualTo(a.text());
      }
    }
    RankedAnswer best = answerer.answer(e.question(), context).get(0);
    assertThat(best.text()).isEqualTo(e.answers().get(0).text());
  }

  @Test
  void manyThreadsGetWhatOneThreadGets() throws Exception {
    List<List<RankedAnswer>> single = new ArrayList<>();
    for (QaInput in : inputs()) {
      single.add(answerer.answer(in.question(), in.context()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<RankedAnswer>>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (QaInput in : inputs()) {
          futures.add(pool.submit(() -> answerer.answer(in.question(), in.context())));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(single.get(i % single.size()));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.exists(modelDir.resolve("model.safetensors"))).isTrue();
  }
}
