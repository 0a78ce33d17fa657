package io.github.qa4j.core.decode;

import static io.github.qa4j.core.decode.TestWindows.window;
import static io.github.qa4j.core.decode.TestWindows.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import java.util.List;
import org.junit.jupiter.api.Test;

class BeamSearchDecoderTest {

  static final String CONTEXT = SpanDecoderTest.CONTEXT;
  static final QaExample EXAMPLE = SpanDecoderTest.EXAMPLE;

  static int tok(int word) {
    return SpanDecoderTest.tok(word);
  }

  static QaFeature fullWindow() {
    return window("q1", 2, words(CONTEXT), 16);
  }

  /**
   * Two starts (brown, the second "the"), two ends each. The head's layout puts the j-th end of the
   * i-th start at j * 2 + i: brown's ends are fox (k 0) and jumps (k 2), the's are dog (k 1) and
   * lazy (k 3).
   */
  static BeamLogits crossing() {
    return new BeamLogits(
        new float[] {-0.1f, -0.5f},
        new int[] {tok(2), tok(6)},
        new float[] {-0.5f, -0.05f, -1.0f, -0.7f},
        new int[] {tok(3), tok(8), tok(4), tok(7)},
        0.25f);
  }

  @Test
  void pairsEachStartWithItsOwnEnds() {
    Prediction p =
        new BeamSearchDecoder(DecodingOptions.DEFAULTS)
            .decode(EXAMPLE, List.of(fullWindow()), List.of(crossing()));
    // Correct pairs: brown+fox -0.6, brown+jumps -1.1, the+dog -0.55, the+lazy -1.2.
    assertThat(p.nBest())
        .extracting(NBestEntry::text)
        .containsExactly("the lazy dog", "brown fox", "brown fox jumps", "the lazy");
    assertThat(p.text()).isEqualTo("the lazy dog");
    NBestEntry best = p.nBest().get(0);
    assertThat(best.startScore()).isEqualTo(-0.5f);
    assertThat(best.endScore()).isEqualTo(-0.05f);
    assertThat(p.nullOdds()).isNull();
  }

  @Test
  void utilsQaReadingWouldGiveAnotherAnswer() {
    // What utils_qa.py computes: the j-th end of start i read at i * endNTop + j.
    BeamLogits out = crossing();
    float best = Float.NEGATIVE_INFINITY;
    String bestText = null;
    QaFeature w = fullWindow();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        int s = out.startTopIndex()[i];
        int e = out.endTopIndex()[i * 2 + j];
        float score = out.startTopProbs()[i] + out.endTopProbs()[i * 2 + j];
        if (e >= s && score > best) {
          best = score;
          bestText = CONTEXT.substring(w.offsetStart()[s], w.offsetEnd()[e]);
        }
      }
    }
    // brown is paired with the end computed for the other start (dog) and wins with -0.15.
    assertThat(bestText).isEqualTo("brown fox jumps over the lazy dog");
    Prediction p =
        new BeamSearchDecoder(DecodingOptions.DEFAULTS).decode(EXAMPLE, List.of(w), List.of(out));
    assertThat(p.text()).isNotEqualTo(bestText);
    assertThat(p.nBest()).extracting(NBestEntry::text).doesNotContain(bestText);
  }

  @Test
  void nullOddsAreTheMinimumClsLogitForVersionTwo() {
    BeamLogits second =
        new BeamLogits(
            new float[] {-0.1f, -0.5f},
            new int[] {tok(2), tok(6)},
            new float[] {-0.5f, -0.05f, -1.0f, -0.7f},
            new int[] {tok(3), tok(8), tok(4), tok(7)},
            -1.5f);
    Prediction p =
        new BeamSearchDecoder(DecodingOptions.DEFAULTS.withAllowNoAnswer(true).withNBestSize(3))
            .decode(EXAMPLE, List.of(fullWindow(), fullWindow()), List.of(crossing(), second));
    assertThat(p.nullOdds()).isEqualTo(-1.5f);
    // The same spans from both windows, each found twice; the answer is still the best span.
    assertThat(p.nBest())
        .extracting(NBestEntry::text)
        .containsExactly("the lazy dog", "the lazy dog", "brown fox");
    assertThat(p.text()).isEqualTo("the lazy dog");
  }

  @Test
  void placeholderWhenNoPairQualifies() {
    BeamLogits outside =
        new BeamLogits(
            new float[] {-0.1f}, new int[] {1}, new float[] {-0.2f}, new int[] {tok(3)}, 0);
    Prediction p =
        new BeamSearchDecoder(DecodingOptions.DEFAULTS)
            .decode(EXAMPLE, List.of(fullWindow()), List.of(outside));
    assertThat(p.text()).isEmpty();
    assertThat(p.nBest())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.startScore()).isEqualTo(-1e-6f);
              assertThat(e.probability()).isEqualTo(1f);
              assertThat(e.isSpan()).isFalse();
            });
  }

  @Test
  void checksArrayShapes() {
    assertThatThrownBy(() -> new BeamLogits(new float[2], new int[2], new float[3], new int[3], 0f))
        .hasMessageContaining("endNTop * startNTop (2)");
    assertThatThrownBy(() -> new BeamLogits(new float[1], new int[2], new float[2], new int[2], 0f))
        .hasMessageContaining("start scores");
    BeamLogits nan =
        new BeamLogits(new float[] {Float.NaN}, new int[] {4}, new float[] {0}, new int[] {4}, 0f);
    assertThatThrownBy(
            () ->
                new BeamSearchDecoder(DecodingOptions.DEFAULTS)
                    .decode(EXAMPLE, List.of(fullWindow()), List.of(nan)))
        .hasMessageContaining("start top probability[0] is NaN");
  }
}
