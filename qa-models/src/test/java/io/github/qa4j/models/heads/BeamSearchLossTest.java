package io.github.qa4j.models.heads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class BeamSearchLossTest {

  @Test
  void maskingConstantsAreTransformers() {
    assertThat(LogitMask.fill(DataType.FLOAT32)).isEqualTo(1e30f);
    assertThat(LogitMask.fill(DataType.FLOAT16)).isEqualTo(65500f);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray logits = m.create(new float[] {1.5f, -2f, 3f});
      NDArray mask = m.create(new float[] {0, 1, 0});
      assertThat(LogitMask.apply(logits, mask).toFloatArray()).containsExactly(1.5f, -1e30f, 3f);
      // in float16 1e30 would overflow to -inf; 65500 stays finite
      float[] half =
          LogitMask.apply(logits.toType(DataType.FLOAT16, false), mask)
              .toType(DataType.FLOAT32, false)
              .toFloatArray();
      assertThat(half).containsExactly(1.5f, -65504f, 3f);
    }
  }

  @Test
  void lossIsTheMeanOfSpanCrossEntropiesPlusHalfTheStableAnswerabilityBce() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray start = m.create(new float[] {0, 1, 2, 3, 0, 0, 0, 0}).reshape(2, 4);
      NDArray end = m.create(new float[] {1, 1, 1, 1, 2, 0, 0, -1e30f}).reshape(2, 4);
      NDArray cls = m.create(new float[] {100, -100});
      NDList labels =
          new NDList(
              m.create(new long[] {3, 0}),
              m.create(new long[] {2, 0}),
              m.create(new float[] {0, 1}));
      float loss = new BeamSearchLoss().evaluate(labels, new NDList(start, end, cls)).getFloat();
      double ceStart = (-(3 - Math.log(1 + Math.E + Math.exp(2) + Math.exp(3))) + Math.log(4)) / 2;
      double ceEnd = (Math.log(4) + -(2 - Math.log(Math.exp(2) + 2))) / 2;
      // BCE(100, y=0) = 100 and BCE(-100, y=1) = 100: no overflow to inf
      double bce = 100;
      assertThat(loss).isCloseTo((float) ((ceStart + ceEnd) / 2 + 0.5 * bce), within(1e-4f));
    }
  }
}
