package io.github.qa4j.models.xlnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/** XLNet's relative positional encoding and the shift that aligns it with key positions. */
final class RelativePositions {

  private RelativePositions() {}

  /**
   * Sinusoids of the relative distances {@code L, L-1, ..., -L+1} (attention type "bi", no memory),
   * {@code [2L, dModel]}: sines in the first half of each row, cosines in the second, with inverse
   * frequencies {@code 1 / 10000^(2i / dModel)} as transformers computes them in float32.
   *
   * @param clampLen distances are clamped to {@code [-clampLen, clampLen]} when positive
   */
  static NDArray sinusoids(NDManager manager, long len, int dModel, int clampLen, DataType type) {
    NDArray distances = manager.arange((float) len, (float) -len, -1f);
    if (clampLen > 0) {
      distances = distances.clip(-clampLen, clampLen);
    }
    NDArray exponent = manager.arange(0f, (float) dModel, 2f).div((float) dModel);
    NDArray inverseFrequency = manager.create(1f).div(manager.create(10000f).pow(exponent));
    NDArray angles = distances.reshape(-1, 1).mul(inverseFrequency.reshape(1, -1));
    NDArray encoding = NDArrays.concat(new NDList(angles.sin(), angles.cos()), -1);
    return encoding.getDataType() == type ? encoding : encoding.toType(type, false);
  }

  /**
   * Turns scores against the {@code 2L} relative positions, {@code [..., L, 2L]}, into scores
   * against key positions, {@code [..., L, klen]}: query {@code i} and key {@code j} get the score
   * of distance {@code i - j}. This is transformers' {@code rel_shift_bnij}: view the last two axes
   * transposed, drop the first row, view back and keep the first {@code klen} columns.
   */
  static NDArray shift(NDArray scores, long klen) {
    long[] s = scores.getShape().getShape();
    int n = s.length;
    long rows = s[n - 2];
    long cols = s[n - 1];
    long[] swapped = s.clone();
    swapped[n - 2] = cols;
    swapped[n - 1] = rows;
    long[] dropped = s.clone();
    dropped[n - 1] = cols - 1;
    return scores.reshape(swapped).get("..., 1:, :").reshape(dropped).get("..., :" + klen);
  }
}
