package io.github.qa4j.core.model;

import com.google.common.base.Preconditions;
import io.github.qa4j.core.features.QaFeature;
import java.util.List;

/**
 * The token columns a batch of windows needs: from the first column any window attends to, to just
 * past the last, widened to a multiple of {@code multiple} (kept within the windows) towards the
 * padding side. Cutting a batch to these columns is dynamic padding: padding past them changes no
 * real token's hidden state, since every token ignores padding.
 *
 * @param from the first column kept
 * @param to the column after the last one kept
 */
public record Columns(int from, int to) {

  /** Checks the range. */
  public Columns {
    Preconditions.checkArgument(
        from >= 0 && to > from, "columns must be a non-empty range, got [%s, %s)", from, to);
  }

  /** The number of columns kept. */
  public int length() {
    return to - from;
  }

  /** Every column of windows of length {@code length}. */
  public static Columns all(int length) {
    return new Columns(0, length);
  }

  /**
   * The columns that the attended tokens of {@code windows} span, widened to a multiple of {@code
   * multiple} (or to the whole window).
   */
  public static Columns spanning(List<QaFeature> windows, int multiple) {
    Preconditions.checkArgument(!windows.isEmpty(), "no windows");
    int length = windows.get(0).length();
    int first = length;
    int last = -1;
    for (QaFeature w : windows) {
      int[] mask = w.attentionMask();
      for (int t = 0; t < mask.length; t++) {
        if (mask[t] != 0) {
          first = Math.min(first, t);
          break;
        }
      }
      for (int t = mask.length - 1; t >= 0; t--) {
        if (mask[t] != 0) {
          last = Math.max(last, t);
          break;
        }
      }
    }
    if (last < first) {
      return all(length);
    }
    int wanted = Math.min(length, (last - first + multiple) / multiple * multiple);
    // Widen towards the padding: left-padded windows (first > 0) grow to the left.
    int from = first > 0 ? Math.max(0, last + 1 - wanted) : first;
    return new Columns(from, Math.min(length, from + wanted));
  }
}
