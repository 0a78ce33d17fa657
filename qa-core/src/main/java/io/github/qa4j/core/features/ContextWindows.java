package io.github.qa4j.core.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The context token ranges of a (question, context) pair's windows, as Hugging Face tokenizers up
 * to 0.22 cut them with {@code truncation="only_second"} (or {@code only_first}) and a stride: a
 * window holds {@code capacity} context tokens, the next one starts {@code capacity - stride}
 * tokens later, and the last one ends with the context. Every context token lands in a window.
 */
final class ContextWindows {

  private ContextWindows() {}

  /**
   * The {@code [start, end)} context token ranges, in order.
   *
   * @param contextLength the number of context tokens
   * @param capacity how many context tokens fit in one window, more than {@code stride}
   * @param stride how many context tokens consecutive windows share
   */
  static List<int[]> cut(int contextLength, int capacity, int stride) {
    if (contextLength <= capacity) {
      return List.of(new int[] {0, contextLength});
    }
    if (capacity <= stride) {
      throw new IllegalArgumentException(
          "window capacity " + capacity + " must exceed the stride " + stride);
    }
    int step = capacity - stride;
    List<int[]> windows = new ArrayList<>(contextLength / step + 1);
    for (int start = 0; ; start += step) {
      int end = Math.min(start + capacity, contextLength);
      windows.add(new int[] {start, end});
      if (end == contextLength) {
        return windows;
      }
    }
  }
}
