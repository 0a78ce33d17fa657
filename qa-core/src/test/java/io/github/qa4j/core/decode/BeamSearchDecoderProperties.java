package io.github.qa4j.core.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.qa4j.core.features.QaFeature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of {@link BeamSearchDecoder} on random windows and head outputs. */
class BeamSearchDecoderProperties {

  @Property
  void spansLieInTheContextAndTheAnswerIsTheFirstEntry(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 30) int tokenCount,
      @ForAll @IntRange(min = 1, max = 10) int perWindow,
      @ForAll @IntRange(min = 1, max = 10) int step,
      @ForAll @IntRange(min = 1, max = 5) int startNTop,
      @ForAll @IntRange(min = 1, max = 5) int endNTop,
      @ForAll @IntRange(min = 1, max = 6) int maxAnswerLength,
      @ForAll @IntRange(min = 1, max = 25) int nBestSize,
      @ForAll boolean v2) {
    SpanDecoderProperties.Case c =
        SpanDecoderProperties.Case.random(seed, tokenCount, perWindow, step, false);
    Random random = new Random(seed);
    List<BeamLogits> outputs = new ArrayList<>();
    float minCls = Float.POSITIVE_INFINITY;
    for (QaFeature window : c.windows()) {
      float[] startScores = new float[startNTop];
      int[] startIndex = new int[startNTop];
      float[] endScores = new float[startNTop * endNTop];
      int[] endIndex = new int[startNTop * endNTop];
      for (int i = 0; i < startNTop; i++) {
        startScores[i] = (float) -random.nextDouble();
        startIndex[i] = random.nextInt(window.length());
      }
      for (int k = 0; k < endScores.length; k++) {
        endScores[k] = (float) -random.nextDouble();
        endIndex[k] = random.nextInt(window.length());
      }
      float cls = (float) random.nextGaussian();
      minCls = Math.min(minCls, cls);
      outputs.add(new BeamLogits(startScores, startIndex, endScores, endIndex, cls));
    }
    Prediction p =
        new BeamSearchDecoder(
                DecodingOptions.DEFAULTS
                    .withNBestSize(nBestSize)
                    .withMaxAnswerLength(maxAnswerLength)
                    .withAllowNoAnswer(v2))
            .decode(c.example(), c.windows(), outputs);

    Map<Integer, Integer> tokenByStart = new HashMap<>();
    Map<Integer, Integer> tokenByEnd = new HashMap<>();
    for (int i = 0; i < c.tokens().length; i++) {
      tokenByStart.put(c.tokens()[i][0], i);
      tokenByEnd.put(c.tokens()[i][1], i);
    }
    assertThat(p.nBest().size()).isBetween(1, nBestSize);
    for (NBestEntry e : p.nBest()) {
      if (e.isSpan()) {
        assertThat(e.text())
            .isEqualTo(c.example().context().substring(e.startOffset(), e.endOffset()));
        int first = tokenByStart.get(e.startOffset());
        int last = tokenByEnd.get(e.endOffset());
        assertThat(last - first + 1).isBetween(1, maxAnswerLength);
      } else {
        assertThat(p.nBest()).hasSize(1);
        assertThat(e.text()).isEmpty();
      }
    }
    assertThat(p.text()).isEqualTo(p.nBest().get(0).text());
    double sum = p.nBest().stream().mapToDouble(NBestEntry::probability).sum();
    assertThat(sum).isCloseTo(1.0, within(1e-5));
    if (v2) {
      assertThat(p.nullOdds()).isEqualTo(minCls);
    } else {
      assertThat(p.nullOdds()).isNull();
    }
  }
}
