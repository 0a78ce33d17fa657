package io.github.qa4j.models.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import io.github.qa4j.core.io.HostTensor;

/** Element-by-element comparison of an engine array with a fixture tensor. */
public final class TensorAssertions {

  private TensorAssertions() {}

  /**
   * Asserts equal shapes and every element within {@code tolerance}, naming the worst element.
   *
   * @param actual the computed array (float32)
   * @param expected the fixture's float32 tensor
   * @param tolerance the largest absolute difference allowed
   * @param what the tensor, for messages
   */
  public static void assertClose(
      NDArray actual, HostTensor expected, double tolerance, String what) {
    assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.shape());
    float[] a = actual.toFloatArray();
    float[] e = expected.toFloatArray();
    double worst = 0;
    int worstAt = -1;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs((double) a[i] - e[i]);
      if (!(d <= worst)) {
        worst = d;
        worstAt = i;
      }
    }
    assertThat(worst)
        .as(
            "%s: largest difference at element %d (got %s, expected %s)",
            what, worstAt, worstAt < 0 ? "" : a[worstAt], worstAt < 0 ? "" : e[worstAt])
        .isLessThanOrEqualTo(tolerance);
  }
}
