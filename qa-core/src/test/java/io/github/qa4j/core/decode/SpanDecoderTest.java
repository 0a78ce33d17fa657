package io.github.qa4j.core.decode;

import static io.github.qa4j.core.decode.TestWindows.logits;
import static io.github.qa4j.core.decode.TestWindows.window;
import static io.github.qa4j.core.decode.TestWindows.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanDecoderTest {

  // Words: the(0) quick(1) brown(2) fox(3) jumps(4) over(5) the(6) lazy(7) dog(8); with two
  // question tokens, word w sits at token 4 + w.
  static final String CONTEXT = "the quick brown fox jumps over the lazy dog";
  static final QaExample EXAMPLE = QaExample.unlabeled("q1", "what?", CONTEXT);
  static final int LEN = 16;

  static int tok(int word) {
    return TestWindows.firstContext(2) + word;
  }

  static QaFeature fullWindow() {
    return window("q1", 2, words(CONTEXT), LEN);
  }

  static List<String> texts(Prediction p) {
    return p.nBest().stream().map(NBestEntry::text).toList();
  }

  @Test
  void pairsTopStartsWithTopEndsAndSortsByScore() {
    SpanLogits l =
        new SpanLogits(
            logits(LEN, -10, tok(2), 5, tok(7), 3), logits(LEN, -10, tok(3), 4, tok(8), 3.5f));
    Prediction p =
        new SpanDecoder(DecodingOptions.DEFAULTS.withNBestSize(3))
            .decode(EXAMPLE, List.of(fullWindow()), List.of(l));

    // Top-3 starts: brown, lazy, then a padding token (ties go to the later index); same for ends.
    assertThat(texts(p))
        .containsExactly("brown fox", "brown fox jumps over the lazy dog", "lazy dog");
    assertThat(p.text()).isEqualTo("brown fox");
    assertThat(p.startOffset()).isEqualTo(10);
    assertThat(p.endOffset()).isEqualTo(19);
    assertThat(p.nullOdds()).isNull();
    NBestEntry second = p.nBest().get(1);
    assertThat(second.startScore()).isEqualTo(5f);
    assertThat(second.endScore()).isEqualTo(3.5f);
    assertThat(CONTEXT.substring(second.startOffset(), second.endOffset()))
        .isEqualTo(second.text());
    double z = Math.exp(9) + Math.exp(8.5) + Math.exp(6.5);
    assertThat(p.nBest().get(0).probability()).isCloseTo((float) (Math.exp(9) / z), within(1e-7f));
    assertThat(p.nBest().get(2).probability())
        .isCloseTo((float) (Math.exp(6.5) / z), within(1e-7f));
  }

  @Test
  void skipsSpansThatAreTooLongReversedOrOutsideTheContext() {
    // Top starts: a question token (1), dog, brown; top ends: the SEP after the context, brown,
    // dog.
    float[] start = logits(LEN, -10, 1, 9, tok(8), 8, tok(2), 7);
    float[] end = logits(LEN, -10, tok(9), 9, tok(2), 8, tok(8), 1);
    Prediction p =
        new SpanDecoder(DecodingOptions.DEFAULTS.withNBestSize(3).withMaxAnswerLength(6))
            .decode(EXAMPLE, List.of(fullWindow()), List.of(new SpanLogits(start, end)));
    // dog..brown is reversed, brown..dog is 7 tokens, pairs with token 1 or the SEP are outside.
    assertThat(texts(p)).containsExactly("brown", "dog");

    Prediction longer =
        new SpanDecoder(DecodingOptions.DEFAULTS.withNBestSize(3).withMaxAnswerLength(7))
            .decode(EXAMPLE, List.of(fullWindow()), List.of(new SpanLogits(start, end)));
    assertThat(texts(longer)).containsExactly("brown", "dog", "brown fox jumps over the lazy dog");
  }

  @Test
  void equalScoresKeepStartRankThenEndRankOrder() {
    // quick+fox == brown+jumps == 9: found in the order (start rank, end rank).
    float[] start = logits(LEN, -10, tok(1), 5, tok(2), 4);
    float[] end = logits(LEN, -10, tok(3), 4, tok(4), 5);
    Prediction p =
        new SpanDecoder(DecodingOptions.DEFAULTS.withNBestSize(2))
            .decode(EXAMPLE, List.of(fullWindow()), List.of(new SpanLogits(start, end)));
    assertThat(texts(p))
        .containsExactly("quick brown fox jumps", "quick brown fox")
        .doesNotContain("brown fox jumps");
  }

  @Test
  void placeholderWhenNoSpanQualifies() {
    float[] start = logits(LEN, -10, 1, 9);
    float[] end = logits(LEN, -10, 1, 9);
    SpanLogits l = new SpanLogits(start, end);
    Prediction v1 =
        new SpanDecoder(DecodingOptions.DEFAULTS.withNBestSize(1))
            .decode(EXAMPLE, List.of(fullWindow()), List.of(l));
    assertThat(v1.text()).isEqualTo("empty");
    assertThat(v1.isSpan()).isFalse();
    assertThat(v1.nBest()).singleElement().satisfies(e -> assertThat(e.probability()).isEqualTo(1));

    Prediction v2 =
        new SpanDecoder(DecodingOptions.DEFAULTS.withNBestSize(1).withAllowNoAnswer(true))
            .decode(EXAMPLE, List.of(fullWindow()), List.of(l));
    // Null answer alone: the placeholder goes first and is the "best non-null" answer.
    assertThat(texts(v2)).containsExactly("empty", "");
    assertThat(v2.nullOdds()).isEqualTo(-20f);
    assertThat(v2.text()).isEqualTo("empty");
  }

  @Test
  void nullScoreIsTheMinimumOverWindowsAndDecidesWithTheThreshold() {
    QaFeature w0 = fullWindow();
    QaFeature w1 = fullWindow();
    SpanLogits l0 =
        new SpanLogits(logits(LEN, -10, 0, 1.25f, tok(2), 5), logits(LEN, -10, 0, 1f, tok(3), 4));
    SpanLogits l1 =
        new SpanLogits(logits(LEN, -10, 0, 0.5f, tok(2), 2), logits(LEN, -10, 0, 0.75f, tok(3), 2));
    DecodingOptions v2 = DecodingOptions.DEFAULTS.withAllowNoAnswer(true).withNBestSize(2);
    Prediction p = new SpanDecoder(v2).decode(EXAMPLE, List.of(w0, w1), List.of(l0, l1));
    // Null score min(2.25, 1.25) = 1.25; best span brown fox 5 + 4.
    assertThat(p.nullOdds()).isEqualTo(1.25f - 5f - 4f);
    assertThat(p.text()).isEqualTo("brown fox");
    // The null answer was cut from the top 2 and is appended with the window-1 CLS logits.
    NBestEntry last = p.nBest().get(p.nBest().size() - 1);
    assertThat(last.text()).isEmpty();
    assertThat(last.isSpan()).isFalse();
    assertThat(last.startScore()).isEqualTo(0.5f);
    assertThat(last.endScore()).isEqualTo(0.75f);
    assertThat(p.nBest()).hasSize(3);

    Prediction strict =
        new SpanDecoder(v2.withNullScoreDiffThreshold(-8f))
            .decode(EXAMPLE, List.of(w0, w1), List.of(l0, l1));
    assertThat(strict.text()).isEmpty();
    assertThat(strict.isSpan()).isFalse();
    assertThat(strict.nullOdds()).isEqualTo(-7.75f);
  }

  @Test
  void nullAnswerRanksAmongSpansWhenItScoresHigh() {
    SpanLogits l =
        new SpanLogits(logits(LEN, -10, 0, 10, tok(2), 5), logits(LEN, -10, 0, 10, tok(3), 4));
    Prediction p =
        new SpanDecoder(DecodingOptions.DEFAULTS.withAllowNoAnswer(true).withNBestSize(3))
            .decode(EXAMPLE, List.of(fullWindow()), List.of(l));
    assertThat(texts(p).get(0)).isEmpty();
    assertThat(texts(p).get(1)).isEqualTo("brown fox");
    assertThat(p.nullOdds()).isEqualTo(11f);
    assertThat(p.text()).isEmpty();
  }

  @Test
  void maxContextRuleKeepsOnlyStartsInTheirBestWindow() {
    String context = "a b c d e f g h i j";
    int[][] tokens = words(context);
    // Windows of 6 context tokens, stride 2: [a..f], [c..h], [e..j]. Token e has 1 token of
    // context on its short side in window 0, 2 in window 1, 0 in window 2; f has 0, 2, 1.
    List<QaFeature> windows = TestWindows.cut("q", tokens, 2, 6, 2, 12);
    QaExample example = QaExample.unlabeled("q", "?", context);
    int first = TestWindows.firstContext(2);
    SpanLogits w0 =
        new SpanLogits(logits(12, -10, first + 4, 9), logits(12, -10, first + 5, 9)); // e f
    SpanLogits w1 =
        new SpanLogits(logits(12, -10, first + 3, 1), logits(12, -10, first + 4, 1)); // f g
    SpanLogits w2 =
        new SpanLogits(logits(12, -10, first + 0, 2), logits(12, -10, first + 1, 2)); // e f
    DecodingOptions options = DecodingOptions.DEFAULTS.withNBestSize(1);
    assertThat(new SpanDecoder(options).decode(example, windows, List.of(w0, w1, w2)).text())
        .isEqualTo("e f");
    Prediction strict =
        new SpanDecoder(options.withRequireMaxContext(true))
            .decode(example, windows, List.of(w0, w1, w2));
    assertThat(strict.text()).isEqualTo("f g");
    assertThat(strict.nBest().get(0).startScore()).isEqualTo(1f);
  }

  @Test
  void logitsMayBeLongerThanTheWindow() {
    float[] start = logits(LEN + 4, -10, tok(2), 5, LEN + 1, 50);
    float[] end = logits(LEN + 4, -10, tok(3), 4, LEN + 2, 50);
    Prediction p =
        new SpanDecoder(DecodingOptions.DEFAULTS)
            .decode(EXAMPLE, List.of(fullWindow()), List.of(new SpanLogits(start, end)));
    assertThat(p.text()).isEqualTo("brown fox");
  }

  @Test
  void decodeAllGroupsWindowsByExampleInExampleOrder() {
    QaExample other = QaExample.unlabeled("q2", "?", "lazy dog");
    QaFeature otherWindow = window("q2", 2, words("lazy dog"), LEN);
    SpanLogits brownFox = new SpanLogits(logits(LEN, -10, tok(2), 5), logits(LEN, -10, tok(3), 4));
    SpanLogits dog = new SpanLogits(logits(LEN, -10, tok(1), 5), logits(LEN, -10, tok(1), 4));
    List<Prediction> all =
        new SpanDecoder(DecodingOptions.DEFAULTS)
            .decodeAll(
                List.of(EXAMPLE, other),
                List.of(otherWindow, fullWindow()),
                List.of(dog, brownFox));
    assertThat(all).extracting(Prediction::exampleId).containsExactly("q1", "q2");
    assertThat(all).extracting(Prediction::text).containsExactly("brown fox", "dog");
  }

  @Test
  void rejectsInconsistentInput() {
    SpanDecoder decoder = new SpanDecoder(DecodingOptions.DEFAULTS);
    SpanLogits l = new SpanLogits(new float[LEN], new float[LEN]);
    assertThatThrownBy(() -> decoder.decodeAll(List.of(EXAMPLE), List.of(), List.of()))
        .hasMessageContaining("'q1' has no windows");
    QaFeature stranger = window("zz", 2, words(CONTEXT), LEN);
    assertThatThrownBy(() -> decoder.decodeAll(List.of(EXAMPLE), List.of(stranger), List.of(l)))
        .hasMessageContaining("'zz'");
    assertThatThrownBy(
            () -> decoder.decodeAll(List.of(EXAMPLE, EXAMPLE), List.of(fullWindow()), List.of(l)))
        .hasMessageContaining("more than once");
    float[] nan = new float[LEN];
    nan[7] = Float.NaN;
    assertThatThrownBy(
            () ->
                decoder.decode(
                    EXAMPLE, List.of(fullWindow()), List.of(new SpanLogits(new float[LEN], nan))))
        .hasMessageContaining("end logit[7] is NaN")
        .hasMessageContaining("q1");
    QaFeature tooLong = window("q1", 2, new int[][] {{40, 50}}, LEN);
    assertThatThrownBy(
            () ->
                decoder.decode(
                    EXAMPLE,
                    List.of(tooLong),
                    List.of(new SpanLogits(logits(LEN, 0, tok(0), 1), logits(LEN, 0, tok(0), 1)))))
        .hasMessageContaining("[40, 50)")
        .hasMessageContaining("43 chars");
    assertThatThrownBy(() -> DecodingOptions.DEFAULTS.withNBestSize(0))
        .hasMessageContaining("n_best_size must be > 0, got 0");
  }
}
