package io.github.qa4j.examples.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.inference.RankedAnswer;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RankedAnswer} as transformers' question-answering pipeline reports answers, on a randomly
 * initialized tiny BERT (the values are exact whatever the weights): {@code score} a probability,
 * the logit sum beside it, and "no answer" as the empty answer at 0, 0.
 */
class PipelineStyleAnswersTest {

  private static final String CONTEXT =
      "The Normans were the people who in the 10th and 11th centuries gave their name to"
          + " Normandy, a region in France.";
  private static final String QUESTION = "In what country is Normandy located?";

  private static List<RankedAnswer> answer(QaModel model, DecodingOptions decoding, int topK)
      throws IOException {
    try (QuestionAnswerer qa =
        QuestionAnswerer.builder()
            .model(model, SharedData.bertTokenizer())
            .maxSeqLength(64)
            .stride(16)
            .decoding(decoding)
            .topK(topK)
            .build()) {
      return qa.answer(QUESTION, CONTEXT);
    }
  }

  private static QaModel tinyBert() throws IOException {
    return QaModels.create(
        QaModels.readConfig(Path.of("src/test/resources/bert-tiny-config.json")),
        HeadType.SPAN,
        7,
        Device.cpu());
  }

  @Test
  void scoreIsAProbabilityAndTheLogitSumHasItsOwnName() throws IOException {
    try (QaModel model = tinyBert()) {
      List<RankedAnswer> answers = answer(model, DecodingOptions.DEFAULTS, 20);
      assertThat(answers).hasSizeGreaterThanOrEqualTo(2);
      double sum = 0;
      for (RankedAnswer a : answers) {
        assertThat(a.noAnswer()).isFalse();
        assertThat(a.score()).isBetween(0.0, 1.0);
        assertThat(CONTEXT.substring(a.start(), a.end())).isEqualTo(a.text());
        sum += a.score();
      }
      // One window: the probabilities of distinct spans of it sum to at most 1, and they rank
      // the spans as their logit sums do.
      assertThat(sum).isLessThanOrEqualTo(1.0 + 1e-9);
      for (int i = 1; i < answers.size(); i++) {
        assertThat(answers.get(i).logitScore())
            .isLessThanOrEqualTo(answers.get(i - 1).logitScore());
        assertThat(answers.get(i).score())
            .isLessThanOrEqualTo(answers.get(i - 1).score() * (1 + 1e-6));
      }
      // Logit sums are not probabilities: their exp-ratios are the probability ratios.
      double logitGap = answers.get(0).logitScore() - answers.get(1).logitScore();
      assertThat(answers.get(0).score() / answers.get(1).score())
          .isCloseTo(Math.exp(logitGap), org.assertj.core.api.Assertions.within(1e-4));
    }
  }

  @Test
  void noAnswerIsTheEmptyAnswerAtZeroZero() throws IOException {
    try (QaModel model = tinyBert()) {
      // A threshold no null odds reach from below: "no answer" wins.
      DecodingOptions decoding =
          DecodingOptions.DEFAULTS.withAllowNoAnswer(true).withNullScoreDiffThreshold(-1e9f);
      List<RankedAnswer> answers = answer(model, decoding, 3);
      RankedAnswer none = answers.get(0);
      assertThat(none.noAnswer()).isTrue();
      assertThat(none.text()).isEmpty();
      assertThat(none.start()).isZero();
      assertThat(none.end()).isZero();
      assertThat(none.score()).isBetween(0.0, 1.0);
      assertThat(answers.subList(1, answers.size())).noneMatch(RankedAnswer::noAnswer);
    }
  }
}
