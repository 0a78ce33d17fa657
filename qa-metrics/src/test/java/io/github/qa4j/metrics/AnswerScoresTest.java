package io.github.qa4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerScoresTest {

  @Test
  void exactMatchComparesNormalizedAnswers() {
    assertThat(AnswerScores.exactMatch("The Beatles!", "beatles")).isOne();
    assertThat(AnswerScores.exactMatch("Beatles band", "beatles")).isZero();
  }

  @Test
  void f1CountsCommonTokensAsAMultiset() {
    // pred: [x, x, y], gold: [x, y, z] -> common x once, y once: p = 2/3, r = 2/3.
    assertThat(AnswerScores.f1V2("x x y", "x y z"))
        .isEqualTo((2 * (2.0 / 3) * (2.0 / 3)) / (4.0 / 3));
    // pred: [x, x], gold: [x] -> common 1: p = 1/2, r = 1.
    assertThat(AnswerScores.f1V1("x x", "x")).isEqualTo((2 * 0.5 * 1.0) / 1.5);
    assertThat(AnswerScores.f1V1("a b c", "d e")).isZero();
  }

  @Test
  void v1AndV2DifferOnlyWhenATokenListIsEmpty() {
    // Both normalize to nothing: v1 has no common token (0), v2 calls it a correct no-answer (1).
    assertThat(AnswerScores.f1V1("the", "a")).isZero();
    assertThat(AnswerScores.f1V2("the", "a")).isOne();
    assertThat(AnswerScores.f1V2("", "x")).isZero();
    assertThat(AnswerScores.f1V2("x", "")).isZero();
    assertThat(AnswerScores.f1V1("x y", "y z")).isEqualTo(AnswerScores.f1V2("x y", "y z"));
    // So in v1 an exact match can have F1 0.
    assertThat(AnswerScores.exactMatch("the", "a")).isOne();
  }
}
