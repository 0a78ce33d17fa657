package io.github.qa4j.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of {@link SpanDecoder} on random contexts, windows and logits. */
class SpanDecoderProperties {

  /** A random context cut into windows, with random logits. */
  record Case(QaExample example, int[][] tokens, List<QaFeature> windows, List<SpanLogits> logits) {

    static Case random(long seed, int tokenCount, int perWindow, int step, boolean coarse) {
      Random random = new Random(seed);
      StringBuilder context = new StringBuilder();
      int[][] tokens = new int[tokenCount][];
      for (int i = 0; i < tokenCount; i++) {
        if (random.nextBoolean()) {
          context.append(' ');
        }
        int start = context.length();
        int length = 1 + random.nextInt(3);
        for (int c = 0; c < length; c++) {
          context.append((char) ('a' + random.nextInt(26)));
        }
        tokens[i] = new int[] {start, context.length()};
      }
      QaExample example = QaExample.unlabeled("q", "?", context.toString());
      int questionTokens = 1 + random.nextInt(3);
      int length = questionTokens + 3 + perWindow + random.nextInt(3);
      List<QaFeature> windows =
          TestWindows.cut(
              "q", tokens, questionTokens, perWindow, Math.min(step, perWindow), length);
      List<SpanLogits> logits = new ArrayList<>();
      for (int w = 0; w < windows.size(); w++) {
        logits.add(
            new SpanLogits(
                randomLogits(random, length, coarse), randomLogits(random, length, coarse)));
      }
      return new Case(example, tokens, windows, logits);
    }

    /** Coarse logits (a few integer values) make equal scores frequent. */
    static float[] randomLogits(Random random, int length, boolean coarse) {
      float[] out = new float[length];
      for (int i = 0; i < length; i++) {
        out[i] = coarse ? random.nextInt(7) - 3 : (float) (random.nextGaussian() * 3);
      }
      return out;
    }
  }

  @Property
  void spansLieInTheContextAndAreShortEnough(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int tokenCount,
      @ForAll @IntRange(min = 1, max = 12) int perWindow,
      @ForAll @IntRange(min = 1, max = 12) int step,
      @ForAll @IntRange(min = 1, max = 8) int maxAnswerLength,
      @ForAll @IntRange(min = 1, max = 25) int nBestSize,
      @ForAll boolean v2,
      @ForAll boolean maxContext,
      @ForAll boolean coarse) {
    Case c = Case.random(seed, tokenCount, perWindow, step, coarse);
    Prediction p =
        new SpanDecoder(
                DecodingOptions.DEFAULTS
                    .withNBestSize(nBestSize)
                    .withMaxAnswerLength(maxAnswerLength)
                    .withAllowNoAnswer(v2)
                    .withRequireMaxContext(maxContext))
            .decode(c.example(), c.windows(), c.logits());
    Map<Integer, Integer> tokenByStart = new HashMap<>();
    Map<Integer, Integer> tokenByEnd = new HashMap<>();
    for (int i = 0; i < c.tokens().length; i++) {
      tokenByStart.put(c.tokens()[i][0], i);
      tokenByEnd.put(c.tokens()[i][1], i);
    }
    String context = c.example().context();
    List<NBestEntry> spans = new ArrayList<>();
    for (NBestEntry e : p.nBest()) {
      if (e.isSpan()) {
        spans.add(e);
        assertThat(e.endOffset()).isLessThanOrEqualTo(context.length());
        assertThat(e.text()).isEqualTo(context.substring(e.startOffset(), e.endOffset()));
        Integer first = tokenByStart.get(e.startOffset());
        Integer last = tokenByEnd.get(e.endOffset());
        assertThat(first).as("span starts at a token").isNotNull();
        assertThat(last).as("span ends at a token").isNotNull();
        assertThat(last - first + 1).isBetween(1, maxAnswerLength);
      } else {
        assertThat(e.text()).isIn("", "empty");
      }
    }
    assertThat(spans.size()).isLessThanOrEqualTo(nBestSize);
    double sum = p.nBest().stream().mapToDouble(NBestEntry::probability).sum();
    assertThat(sum).isCloseTo(1.0, within(1e-5));
    // Scores never increase along the list, except for a null answer appended after the cut.
    for (int i = 1; i < spans.size(); i++) {
      NBestEntry a = spans.get(i - 1);
      NBestEntry b = spans.get(i);
      assertThat(a.startScore() + a.endScore())
          .isGreaterThanOrEqualTo(b.startScore() + b.endScore());
    }
  }

  @Property
  void theAnswerIsTheFirstEntryOrForVersionTwoTheFirstWithTextOrNothing(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int tokenCount,
      @ForAll @IntRange(min = 1, max = 10) int perWindow,
      @ForAll @IntRange(min = 1, max = 10) int step,
      @ForAll @IntRange(min = 1, max = 6) int nBestSize,
      @ForAll boolean v2,
      @ForAll @IntRange(min = -5, max = 5) int threshold) {
    Case c = Case.random(seed, tokenCount, perWindow, step, false);
    Prediction p =
        new SpanDecoder(
                DecodingOptions.DEFAULTS
                    .withNBestSize(nBestSize)
                    .withAllowNoAnswer(v2)
                    .withNullScoreDiffThreshold(threshold))
            .decode(c.example(), c.windows(), c.logits());
    if (!v2) {
      assertThat(p.text()).isEqualTo(p.nBest().get(0).text());
      assertThat(p.startOffset()).isEqualTo(p.nBest().get(0).startOffset());
      assertThat(p.nullOdds()).isNull();
      return;
    }
    NBestEntry withText =
        p.nBest().stream().filter(e -> !e.text().isEmpty()).findFirst().orElseThrow();
    assertThat(p.nBest()).anyMatch(e -> !e.isSpan() && e.text().isEmpty());
    float nullScore = Float.POSITIVE_INFINITY;
    for (int w = 0; w < c.windows().size(); w++) {
      nullScore = Math.min(nullScore, c.logits().get(w).start()[0] + c.logits().get(w).end()[0]);
    }
    assertThat(p.nullOdds()).isEqualTo(nullScore - withText.startScore() - withText.endScore());
    assertThat(p.text()).isEqualTo(p.nullOdds() > threshold ? "" : withText.text());
  }

  @Property
  void withEveryTokenConsideredTheAnswerIsTheBestValidPair(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int tokenCount,
      @ForAll @IntRange(min = 1, max = 10) int perWindow,
      @ForAll @IntRange(min = 1, max = 10) int step,
      @ForAll @IntRange(min = 1, max = 6) int maxAnswerLength) {
    Case c = Case.random(seed, tokenCount, perWindow, step, false);
    Prediction p =
        new SpanDecoder(
                DecodingOptions.DEFAULTS.withNBestSize(64).withMaxAnswerLength(maxAnswerLength))
            .decode(c.example(), c.windows(), c.logits());
    // Brute force over every pair of context tokens of every window.
    float best = Float.NEGATIVE_INFINITY;
    for (int w = 0; w < c.windows().size(); w++) {
      QaFeature window = c.windows().get(w);
      SpanLogits l = c.logits().get(w);
      for (int s = 0; s < window.length(); s++) {
        for (int e = s; e < window.length() && e - s < maxAnswerLength; e++) {
          if (window.isContext(s) && window.isContext(e)) {
            best = Math.max(best, l.start()[s] + l.end()[e]);
          }
        }
      }
    }
    NBestEntry first = p.nBest().get(0);
    assertThat(first.startScore() + first.endScore()).isEqualTo(best);
  }

  /**
   * Pipeline scores are probabilities: each in [0, 1], the spans of one window (here: one window
   * only) sum to at most 1, and they rank spans as their logit sums do.
   */
  @Property
  void pipelineScoresAreProbabilitiesOrderedAsTheLogitSumsInAWindow(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int tokenCount,
      @ForAll @IntRange(min = 1, max = 30) int maxAnswerLength,
      @ForAll boolean v2) {
    Case c = Case.random(seed, tokenCount, tokenCount, tokenCount, false);
    int length = c.windows().get(0).length();
    Prediction p =
        new SpanDecoder(
                DecodingOptions.DEFAULTS
                    .withNBestSize(length * length)
                    .withMaxAnswerLength(maxAnswerLength)
                    .withAllowNoAnswer(v2))
            .decode(c.example(), c.windows(), c.logits());
    double sum = 0;
    NBestEntry previous = null;
    for (NBestEntry e : p.nBest()) {
      assertThat(e.pipelineScore()).isBetween(0.0, 1.0);
      if (e.isSpan()) {
        sum += e.pipelineScore();
        if (previous != null) {
          // Ranked by float32 logit sums: equal sums may come in either order.
          assertThat(e.pipelineScore())
              .isLessThanOrEqualTo(previous.pipelineScore() * (1 + 1e-6) + 1e-12);
        }
        previous = e;
      }
    }
    assertThat(sum).isLessThanOrEqualTo(1 + 1e-9);
  }
}
