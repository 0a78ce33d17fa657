package io.github.qa4j.core.decode;

/** Selects the indexes of the largest values of an array. */
final class TopIndexes {

  private TopIndexes() {}

  /**
   * Writes the indexes of the {@code min(k, values.length)} largest values into {@code out},
   * largest first, and returns how many were written. Equal values come higher index first, as the
   * reversed stable {@code argsort} gives them (numpy's default {@code argsort} leaves their order
   * open).
   *
   * @param values the values; none may be NaN
   * @param k how many to select, at least 1
   * @param out receives the indexes; at least {@code k} long
   */
  static int select(float[] values, int k, int[] out) {
    int count = 0;
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (count == k && values[out[k - 1]] > v) {
        continue;
      }
      int at = count < k ? count++ : k - 1;
      // Shift down every value that is not larger: among equals, the later index goes first.
      while (at > 0 && values[out[at - 1]] <= v) {
        out[at] = out[at - 1];
        at--;
      }
      out[at] = i;
    }
    return count;
  }
}
