package io.github.qa4j.core.decode;

import java.util.Objects;

/**
 * A span head's output for one window: a start and an end logit per token.
 *
 * <p>The arrays may be longer than the window (a batch padded to a longer length): positions at or
 * past the window's length are never decoded. Arrays are owned by the caller and only read.
 *
 * @param start the start logit of each token
 * @param end the end logit of each token
 */
public record SpanLogits(float[] start, float[] end) {

  /** Checks that both arrays have the same length. */
  public SpanLogits {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.length != end.length) {
      throw new IllegalArgumentException(
          "start and end logits differ in length: " + start.length + " vs " + end.length);
    }
  }
}
