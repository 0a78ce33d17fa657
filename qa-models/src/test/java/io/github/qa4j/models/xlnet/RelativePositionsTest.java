package io.github.qa4j.models.xlnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class RelativePositionsTest {

  @Property(tries = 40)
  void shiftGivesEachQueryKeyPairTheScoreOfItsDistance(
      @ForAll @IntRange(min = 1, max = 12) int len, @ForAll @IntRange(min = 1, max = 3) int heads) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      // scores[h, i, p] = 1000 h + 100 i + p identifies every element
      long cols = 2L * len;
      float[] values = new float[(int) (heads * len * cols)];
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < len; i++) {
          for (int p = 0; p < cols; p++) {
            values[(int) ((h * len + i) * cols + p)] = 1000 * h + 100 * i + p;
          }
        }
      }
      NDArray shifted = RelativePositions.shift(m.create(values).reshape(1, heads, len, cols), len);
      assertThat(shifted.getShape().getShape()).containsExactly(1, heads, len, len);
      float[] out = shifted.toFloatArray();
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < len; i++) {
          for (int j = 0; j < len; j++) {
            // position p holds distance len - p; the pair (i, j) needs distance i - j
            int p = len - i + j;
            assertThat(out[(h * len + i) * len + j]).isEqualTo(1000f * h + 100 * i + p);
          }
        }
      }
    }
  }

  @Property(tries = 20)
  void sinusoidsAreSinesThenCosinesOfClampedDistances(
      @ForAll @IntRange(min = 1, max = 40) int len,
      @ForAll @IntRange(min = 1, max = 8) int halfModel,
      @ForAll @IntRange(min = -1, max = 10) int clampLen) {
    int dModel = 2 * halfModel;
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray enc = RelativePositions.sinusoids(m, len, dModel, clampLen, DataType.FLOAT32);
      assertThat(enc.getShape().getShape()).containsExactly(2L * len, dModel);
      float[] v = enc.toFloatArray();
      for (int p = 0; p < 2 * len; p++) {
        double distance = len - p;
        if (clampLen > 0) {
          distance = Math.max(-clampLen, Math.min(clampLen, distance));
        }
        for (int c = 0; c < halfModel; c++) {
          double angle = distance / Math.pow(10000, 2.0 * c / dModel);
          assertThat(v[p * dModel + c]).isCloseTo((float) Math.sin(angle), within(2e-5f));
          assertThat(v[p * dModel + halfModel + c])
              .isCloseTo((float) Math.cos(angle), within(2e-5f));
        }
      }
    }
  }
}
