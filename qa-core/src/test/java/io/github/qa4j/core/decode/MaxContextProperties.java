package io.github.qa4j.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.features.QaFeature;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link MaxContext} against Google's rule evaluated on known window positions. */
class MaxContextProperties {

  @Property
  void placesWindowsByOffsetsAndAppliesGooglesRule(
      @ForAll @IntRange(min = 1, max = 60) int tokenCount,
      @ForAll @IntRange(min = 1, max = 12) int perWindow,
      @ForAll @IntRange(min = 1, max = 12) int stepWish) {
    int step = Math.min(stepWish, perWindow);
    // Tokens of two chars separated by a space; the i-th token covers [3i, 3i + 2).
    int[][] tokens = new int[tokenCount][];
    for (int i = 0; i < tokenCount; i++) {
      tokens[i] = new int[] {3 * i, 3 * i + 2};
    }
    List<QaFeature> windows = TestWindows.cut("q", tokens, 1, perWindow, step, perWindow + 4);
    boolean[][] flags = MaxContext.of(windows);
    int first = TestWindows.firstContext(1);
    for (int w = 0; w < windows.size(); w++) {
      int start = w * step;
      int length = Math.min(perWindow, tokenCount - start);
      for (int p = 0; p < windows.get(w).length(); p++) {
        int c = p - first;
        boolean expected =
            c >= 0 && c < length && googleIsMaxContext(w, start + c, step, perWindow, tokenCount);
        assertThat(flags[w][p]).as("window %d token %d", w, p).isEqualTo(expected);
      }
    }
  }

  /** {@code _check_is_max_context} of Google's run_squad.py, over windows at multiples of step. */
  static boolean googleIsMaxContext(int window, int position, int step, int perWindow, int total) {
    double bestScore = 0;
    int best = -1;
    for (int w = 0; w * step < total; w++) {
      int start = w * step;
      int length = Math.min(perWindow, total - start);
      int end = start + length - 1;
      if (position >= start && position <= end) {
        double score = Math.min(position - start, end - position) + 0.01 * length;
        if (best < 0 || score > bestScore) {
          bestScore = score;
          best = w;
        }
      }
      if (start + length == total) {
        break;
      }
    }
    return best == window;
  }
}
