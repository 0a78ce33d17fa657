package io.github.qa4j.core.decode;

import io.github.qa4j.core.features.QaFeature;
import java.util.Arrays;
import java.util.List;

/**
 * Google's "maximum context" rule from the original BERT {@code run_squad.py}: a context token that
 * falls into several overlapping windows belongs to the window where it has the most context on
 * both sides, scored {@code min(tokens left, tokens right) + 0.01 * window context length}, the
 * first such window winning ties.
 *
 * <p>Windows carry no token positions in the context, so they are placed by their offsets: each
 * window's context tokens continue the previous window's at the first shift where the two agree.
 */
final class MaxContext {

  private MaxContext() {}

  /**
   * For each window of one example (in order) and each of its tokens, whether the token is a
   * context token that has its maximum context in that window.
   */
  static boolean[][] of(List<QaFeature> windows) {
    int n = windows.size();
    int[][] context = new int[n][];
    for (int w = 0; w < n; w++) {
      context[w] = contextPositions(windows.get(w));
    }
    int[] first = new int[n];
    for (int w = 1; w < n; w++) {
      first[w] =
          first[w - 1] + shift(windows.get(w - 1), context[w - 1], windows.get(w), context[w]);
    }
    int total = 0;
    for (int w = 0; w < n; w++) {
      total = Math.max(total, first[w] + context[w].length);
    }
    double[] bestScore = new double[total];
    int[] bestWindow = new int[total];
    Arrays.fill(bestWindow, -1);
    for (int w = 0; w < n; w++) {
      int length = context[w].length;
      for (int c = 0; c < length; c++) {
        double score = Math.min(c, length - 1 - c) + 0.01 * length;
        int token = first[w] + c;
        if (bestWindow[token] < 0 || score > bestScore[token]) {
          bestScore[token] = score;
          bestWindow[token] = w;
        }
      }
    }
    boolean[][] flags = new boolean[n][];
    for (int w = 0; w < n; w++) {
      flags[w] = new boolean[windows.get(w).length()];
      for (int c = 0; c < context[w].length; c++) {
        flags[w][context[w][c]] = bestWindow[first[w] + c] == w;
      }
    }
    return flags;
  }

  private static int[] contextPositions(QaFeature window) {
    int[] positions = new int[window.length()];
    int count = 0;
    for (int i = 0; i < window.length(); i++) {
      if (window.isContext(i)) {
        positions[count++] = i;
      }
    }
    return Arrays.copyOf(positions, count);
  }

  /** How many context tokens of {@code prev} come before the first context token of {@code cur}. */
  private static int shift(QaFeature prev, int[] prevContext, QaFeature cur, int[] curContext) {
    for (int s = 1; s < prevContext.length; s++) {
      int overlap = Math.min(prevContext.length - s, curContext.length);
      int k = 0;
      while (k < overlap && sameToken(prev, prevContext[s + k], cur, curContext[k])) {
        k++;
      }
      if (k == overlap) {
        return s;
      }
    }
    return prevContext.length;
  }

  private static boolean sameToken(QaFeature a, int i, QaFeature b, int j) {
    return a.offsetStart()[i] == b.offsetStart()[j] && a.offsetEnd()[i] == b.offsetEnd()[j];
  }
}
