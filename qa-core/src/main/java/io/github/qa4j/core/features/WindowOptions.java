package io.github.qa4j.core.features;

import com.google.common.base.Preconditions;

/**
 * How long windows are and how much context consecutive windows share: {@code run_qa.py}'s {@code
 * --max_seq_length} and {@code --doc_stride}. The one home of these two settings and their
 * defaults, used by {@link Featurizer}, the trainer, the question answerer and the CLI.
 *
 * @param maxSeqLength window length in tokens, special tokens and padding included
 * @param stride context tokens shared by consecutive windows of one context
 */
public record WindowOptions(int maxSeqLength, int stride) {

  /** {@code run_qa.py}'s defaults: 384-token windows that overlap by 128 context tokens. */
  public static final WindowOptions DEFAULTS = new WindowOptions(384, 128);

  /** Checks that the stride leaves the windows room to advance. */
  public WindowOptions {
    Preconditions.checkArgument(
        maxSeqLength >= 1, "max_seq_length must be >= 1, got %s", maxSeqLength);
    Preconditions.checkArgument(
        stride >= 0 && stride < maxSeqLength,
        "doc_stride must be in [0, max_seq_length): doc_stride=%s, max_seq_length=%s",
        stride,
        maxSeqLength);
  }

  /** These options with another window length. */
  public WindowOptions withMaxSeqLength(int value) {
    return new WindowOptions(value, stride);
  }

  /** These options with another stride. */
  public WindowOptions withStride(int value) {
    return new WindowOptions(maxSeqLength, value);
  }
}
