package io.github.qa4j.core.features;

import java.util.Objects;

/**
 * One model input window cut from a (question, context) pair, as {@code run_qa.py} prepares it.
 *
 * <p>Offsets are {@link String} indexes (UTF-16) into the example's context; tokens that are not
 * context tokens have {@code -1} in both offset arrays. Arrays are owned by the feature: do not
 * modify them.
 *
 * @param exampleId the id of the example the window was cut from
 * @param inputIds token ids, {@code maxSeqLength} long (padded)
 * @param tokenTypeIds token type (segment) ids
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param offsetStart per token, the context index where the token starts, or -1
 * @param offsetEnd per token, the exclusive context index where the token ends, or -1
 * @param clsIndex the index of the CLS token
 * @param startPosition training label: the answer's first token, or {@code clsIndex}
 * @param endPosition training label: the answer's last token, or {@code clsIndex}
 * @param impossible whether the window is labeled with CLS (no answer wholly inside it)
 * @param pMask 0 for context tokens and CLS, 1 for every other token
 */
public record QaFeature(
    String exampleId,
    int[] inputIds,
    int[] tokenTypeIds,
    int[] attentionMask,
    int[] offsetStart,
    int[] offsetEnd,
    int clsIndex,
    int startPosition,
    int endPosition,
    boolean impossible,
    int[] pMask) {

  /** Checks that every per-token array has the same length. */
  public QaFeature {
    Objects.requireNonNull(exampleId, "exampleId");
    int n = inputIds.length;
    if (tokenTypeIds.length != n
        || attentionMask.length != n
        || offsetStart.length != n
        || offsetEnd.length != n
        || pMask.length != n) {
      throw new IllegalArgumentException(
          "feature arrays of example " + exampleId + " differ in length");
    }
  }

  /** The window length in tokens. */
  public int length() {
    return inputIds.length;
  }

  /** The number of tokens the window attends to: its length without padding. */
  public int attendedLength() {
    int n = 0;
    for (int m : attentionMask) {
      n += m != 0 ? 1 : 0;
    }
    return n;
  }

  /** Whether token {@code i} is a context token. */
  public boolean isContext(int i) {
    return offsetStart[i] >= 0;
  }
}
