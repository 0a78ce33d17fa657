package io.github.qa4j.core.decode;

import io.github.qa4j.core.features.QaFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds BERT-style windows for decoder tests: {@code [CLS] question [SEP] context [SEP] pad}. */
final class TestWindows {

  private TestWindows() {}

  /** The position of the first context token in windows made with {@code questionTokens}. */
  static int firstContext(int questionTokens) {
    return questionTokens + 2;
  }

  /**
   * A window whose context tokens have the given offsets ({@code {start, end}} each), padded to
   * {@code length} tokens.
   */
  static QaFeature window(String exampleId, int questionTokens, int[][] context, int length) {
    int first = firstContext(questionTokens);
    int used = first + context.length + 1;
    if (used > length) {
      throw new IllegalArgumentException("window of " + used + " tokens > " + length);
    }
    int[] ids = new int[length];
    int[] types = new int[length];
    int[] mask = new int[length];
    int[] starts = new int[length];
    int[] ends = new int[length];
    int[] pMask = new int[length];
    Arrays.fill(starts, -1);
    Arrays.fill(ends, -1);
    Arrays.fill(pMask, 1);
    pMask[0] = 0;
    for (int i = 0; i < used; i++) {
      ids[i] = 100 + i;
      mask[i] = 1;
      types[i] = i >= first ? 1 : 0;
    }
    for (int c = 0; c < context.length; c++) {
      starts[first + c] = context[c][0];
      ends[first + c] = context[c][1];
      pMask[first + c] = 0;
    }
    return new QaFeature(exampleId, ids, types, mask, starts, ends, 0, 0, 0, true, pMask);
  }

  /** Offsets of whitespace-separated words of {@code text}. */
  static int[][] words(String text) {
    List<int[]> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && text.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < text.length() && text.charAt(i) != ' ') {
        i++;
      }
      if (i > start) {
        out.add(new int[] {start, i});
      }
    }
    return out.toArray(new int[0][]);
  }

  /**
   * Windows over {@code tokens} with at most {@code perWindow} context tokens each, every window
   * starting {@code step} tokens after the previous one, as a tokenizer's stride cuts them.
   */
  static List<QaFeature> cut(
      String exampleId, int[][] tokens, int questionTokens, int perWindow, int step, int length) {
    List<QaFeature> windows = new ArrayList<>();
    for (int from = 0; ; from += step) {
      int to = Math.min(tokens.length, from + perWindow);
      windows.add(window(exampleId, questionTokens, Arrays.copyOfRange(tokens, from, to), length));
      if (to == tokens.length) {
        return windows;
      }
    }
  }

  /** Logits filled with {@code base}, with some positions set: {@code pos1, value1, pos2, ...}. */
  static float[] logits(int length, float base, float... positionsAndValues) {
    float[] out = new float[length];
    Arrays.fill(out, base);
    for (int i = 0; i < positionsAndValues.length; i += 2) {
      out[(int) positionsAndValues[i]] = positionsAndValues[i + 1];
    }
    return out;
  }
}
