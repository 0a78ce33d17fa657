package io.github.qa4j.examples.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.inference.QaInput;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.squad.SquadReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@link QuestionAnswerer} on a tiny BERT that has memorized the first dev paragraph's questions
 * behind filler text: the same answers as the trainer's evaluation, long contexts, offsets into
 * non-BMP text, and many threads at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestionAnswererTest {

  private static final int LENGTH = 128;
  private static final int STRIDE = 32;

  private static final String FILLER =
      "It was a quiet day, and nothing else happened there at all. ".repeat(20);

  private Path modelDir;
  private List<QaExample> examples;
  private EvalResult evaluation;
  private QuestionAnswerer answerer;

  @BeforeAll
  void trainTinyModel(@TempDir Path tmp) throws Exception {
    // The first paragraph's questions, with filler text in front: each context is several
    // windows long and every answer lies past the first window.
    List<QaExample> dev = SquadReader.strict().read(SharedData.devV11()).examples();
    String paragraph = dev.get(0).context();
    String prefix = FILLER + "\n";
    examples =
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
    Path out = tmp.resolve("model");
    modelDir = out;
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
            .epochs(60)
            .groupByLength(true)
            .seed(7)
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
  void dynamicPaddingAnswersAsBatchesPaddedToTheFullLength() throws Exception {
    List<List<RankedAnswer>> dynamic = answerer.answer(inputs());
    List<List<RankedAnswer>> padded;
    try (QuestionAnswerer full =
        QuestionAnswerer.builder()
            .model(answerer.model(), SharedData.bertTokenizer())
            .maxSeqLength(LENGTH)
            .stride(STRIDE)
            .batchSize(8)
            .topK(3)
            .padToMaxLength(true)
            .build()) {
      padded = full.answer(inputs());
    }
    for (int i = 0; i < examples.size(); i++) {
      assertThat(dynamic.get(i)).as(examples.get(i).id()).hasSameSizeAs(padded.get(i));
      for (int k = 0; k < padded.get(i).size(); k++) {
        RankedAnswer want = padded.get(i).get(k);
        RankedAnswer got = dynamic.get(i).get(k);
        assertThat(got.text()).isEqualTo(want.text());
        assertThat(got.start()).isEqualTo(want.start());
        assertThat(got.score()).isCloseTo(want.score(), within(1e-4));
      }
    }
  }

  @Test
  void bf16AndInt8AgreeWithFloat32OnTheMemorizedModel() throws Exception {
    List<List<RankedAnswer>> fp32 = answerer.answer(inputs());
    for (Precision precision : List.of(Precision.BF16, Precision.INT8)) {
      try (QuestionAnswerer low =
          QuestionAnswerer.builder()
              .model(modelDir.toString())
              .maxSeqLength(LENGTH)
              .stride(STRIDE)
              .batchSize(8)
              .topK(1)
              .precision(precision)
              .build()) {
        List<List<RankedAnswer>> answers = low.answer(inputs());
        int same = 0;
        for (int i = 0; i < examples.size(); i++) {
          if (answers.get(i).get(0).text().equals(fp32.get(i).get(0).text())) {
            same++;
          }
        }
        // Measured here: every answer for bf16, all but a near tie or two for INT8.
        assertThat(same)
            .as("%s answers equal to float32's", precision)
            .isGreaterThanOrEqualTo(
                examples.size() * (precision == Precision.BF16 ? 95 : 85) / 100);
      }
    }
  }

  @Test
  void findsAnswersPastTheFirstWindowOfALongContext() {
    int found = 0;
    try (Featurizer windows =
        Featurizer.builder(SharedData.bertTokenizer(), WindowLayout.questionFirst(0))
            .windows(new WindowOptions(LENGTH, STRIDE))
            .build()) {
      for (QaExample e : examples) {
        List<QaFeature> cut = windows.featurize(e);
        int firstWindowEnd = Arrays.stream(cut.get(0).offsetEnd()).max().orElseThrow();
        assertThat(cut).as("windows of %s", e.id()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(e.answers().get(0).start()).isGreaterThan(firstWindowEnd);
        RankedAnswer best = answerer.answer(e.question(), e.context()).get(0);
        assertThat(e.context().substring(best.start(), best.end())).isEqualTo(best.text());
        if (best.start() == e.answers().get(0).start()
            && best.text().equals(e.answers().get(0).text())) {
          found++;
        }
      }
    }
    assertThat(found)
        .as("answers found at their gold offsets past the first window")
        .isGreaterThanOrEqualTo(examples.size() * 3 / 4);
  }

  @Test
  void offsetsSliceTheCallersStringAroundCharactersOutsideTheBmp() {
    QaExample e = examples.get(0);
    String prefix = "\uD835\uDD18\uD83D\uDE00 ";
    String context = prefix + e.context().replace(" the ", " \uD83D\uDE00 the ");
    List<RankedAnswer> answers = answerer.answer(e.question(), context);
    assertThat(answers).isNotEmpty();
    for (RankedAnswer a : answers) {
      if (!a.noAnswer()) {
        assertThat(context.substring(a.start(), a.end())).isEqualTo(a.text());
        assertThat(Character.isLowSurrogate(context.charAt(a.start()))).isFalse();
      }
    }
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
