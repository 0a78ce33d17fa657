package io.github.qa4j.examples.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.hub.ModelResolver;
import io.github.qa4j.core.inference.QaInput;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.EvalResult;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user embedding qa4j relies on: answering with a model trained in memory, a resolver of
 * their own, and decoding options set once that give the same answers in evaluation and in the
 * answerer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingApiTest {

  /** Short answers and a small n-best list: options far from the defaults. */
  private static final DecodingOptions DECODING =
      DecodingOptions.DEFAULTS.withNBestSize(7).withMaxAnswerLength(4);

  private List<QaExample> examples;
  private QaTrainer trainer;
  private EvalResult evaluation;

  @BeforeAll
  void train() throws IOException {
    examples = SquadReader.strict().read(SharedData.devV11()).examples().subList(0, 24);
    trainer =
        QaTrainer.builder()
            .modelConfig(
                QaModels.readConfig(Path.of("src/test/resources/bert-tiny-memorize-config.json")),
                SharedData.bertTokenizer())
            .maxSeqLength(128)
            .stride(32)
            .decoding(DECODING)
            .batchSize(8)
            .learningRate(2e-3)
            .epochs(3)
            .seed(3)
            .build();
    trainer.train(examples);
    evaluation = trainer.evaluate(examples);
  }

  @AfterAll
  void close() {
    if (trainer != null) {
      trainer.close();
    }
  }

  @Test
  void answersWithTheTrainedModelInMemoryAsEvaluationDoes() throws IOException {
    List<List<RankedAnswer>> answers;
    try (QuestionAnswerer qa =
        QuestionAnswerer.builder()
            .model(trainer.model(), trainer.tokenizerFile())
            .maxSeqLength(128)
            .stride(32)
            .decoding(DECODING)
            .topK(1)
            .build()) {
      assertThat(qa.decoding()).isEqualTo(DECODING);
      answers =
          qa.answer(examples.stream().map(e -> new QaInput(e.question(), e.context())).toList());
    }
    for (int i = 0; i < examples.size(); i++) {
      Prediction expected = evaluation.predictions().get(i);
      assertThat(answers.get(i)).as(examples.get(i).id()).isNotEmpty();
      RankedAnswer got = answers.get(i).get(0);
      assertThat(got.text()).as(examples.get(i).id()).isEqualTo(expected.text());
      assertThat(got.start()).isEqualTo(expected.startOffset());
      assertThat(got.end()).isEqualTo(expected.endOffset());
    }
    // Closing the answerer left the trainer's model alone: it still evaluates.
    assertThat(trainer.evaluate(examples.subList(0, 2)).predictions()).hasSize(2);
  }

  @Test
  void aCustomResolverServesTheModel(@TempDir Path tmp) throws IOException {
    Path saved = tmp.resolve("saved");
    trainer.model().save(saved);
    Files.copy(trainer.tokenizerFile(), saved.resolve("tokenizer.json"));
    // A Hugging Face cache that holds "acme/tiny-qa" at one commit, and no network.
    String commit = "0123456789abcdef0123456789abcdef01234567";
    Path repo = tmp.resolve("hub").resolve("models--acme--tiny-qa");
    Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
    for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
      Files.copy(saved.resolve(file), snapshot.resolve(file));
    }
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs").resolve("main"), commit, StandardCharsets.UTF_8);
    ModelResolver resolver =
        ModelResolver.builder().cacheDir(tmp.resolve("hub")).offline(true).build();

    QaExample first = examples.get(0);
    try (QuestionAnswerer qa =
        QuestionAnswerer.builder()
            .model("acme/tiny-qa")
            .resolver(resolver)
            .maxSeqLength(128)
            .stride(32)
            .decoding(DECODING)
            .build()) {
      assertThat(qa.answer(first.question(), first.context()).get(0).text())
          .isEqualTo(evaluation.predictions().get(0).text());
    }
    ModelResolver empty =
        ModelResolver.builder().cacheDir(tmp.resolve("empty")).offline(true).build();
    assertThatThrownBy(
            () -> QuestionAnswerer.builder().model("acme/tiny-qa").resolver(empty).build())
        .hasMessageContaining("acme/tiny-qa");
  }

  @Test
  void topKBeyondTheNBestSizeIsRefusedNamingBoth() {
    assertThatThrownBy(
            () ->
                QuestionAnswerer.builder()
                    .model(trainer.model(), trainer.tokenizerFile())
                    .decoding(DECODING)
                    .topK(8)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("top-k 8")
        .hasMessageContaining("n-best size 7");
  }
}
