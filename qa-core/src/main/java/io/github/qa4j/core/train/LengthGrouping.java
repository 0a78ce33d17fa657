package io.github.qa4j.core.train;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Length-grouped batches, as transformers' {@code --group_by_length} ({@code
 * LengthGroupedSampler}): the shuffled windows are cut into mega-batches of up to 50 steps' worth
 * of windows, each sorted longest first, and the mega-batch holding the longest window of all goes
 * first, so that an out-of-memory batch shows up at the first step. With dynamic padding, windows
 * of like length in one batch means less padding computed.
 */
final class LengthGrouping {

  private static final int MAX_MEGA_BATCH_STEPS = 50;

  private LengthGrouping() {}

  /**
   * Regroups a shuffled order.
   *
   * @param shuffled window indexes in random order
   * @param lengths the number of tokens of each window (by index)
   * @param stepWindows windows per optimizer step (batch size times accumulation)
   * @return a new order: mega-batches of the shuffled order, each sorted by length, longest first
   */
  static int[] regroup(int[] shuffled, int[] lengths, int stepWindows) {
    int megaSteps =
        Math.max(1, Math.min(shuffled.length / (stepWindows * 4), MAX_MEGA_BATCH_STEPS));
    int megaSize = megaSteps * stepWindows;
    Integer[] order = Arrays.stream(shuffled).boxed().toArray(Integer[]::new);
    Comparator<Integer> longestFirst =
        Comparator.comparingInt((Integer i) -> lengths[i]).reversed();
    int longestMega = 0;
    for (int from = 0; from < order.length; from += megaSize) {
      int to = Math.min(order.length, from + megaSize);
      // A stable sort: windows of equal length keep their shuffled order.
      Arrays.sort(order, from, to, longestFirst);
      if (lengths[order[from]] > lengths[order[longestMega]]) {
        longestMega = from;
      }
    }
    Integer first = order[0];
    order[0] = order[longestMega];
    order[longestMega] = first;
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }
}
