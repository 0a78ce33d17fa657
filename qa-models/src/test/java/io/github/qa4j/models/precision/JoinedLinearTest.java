package io.github.qa4j.models.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.common.ParameterInit;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link HfLinear#prepareJoined}, as BERT's attention joins its query, key and value projections:
 * one product whose outputs are the layers' own, side by side, with nothing prepared twice.
 */
class JoinedLinearTest {

  @ParameterizedTest
  @EnumSource(
      value = Precision.class,
      names = {"BF16", "INT8"})
  void joinedLayersGiveWhatEachLayersOwnKernelGivesAndDropThoseKernels(Precision precision) {
    Assumptions.assumeTrue(PrecisionSupport.detect().supports(precision));
    List<HfLinear> layers =
        List.of(new HfLinear(48, 16, true), new HfLinear(48, 24, true), new HfLinear(48, 8, true));
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      for (HfLinear layer : layers) {
        ModelWeights.initialize(
            layer.namedParameters(),
            List.of("weight", "bias"),
            ParameterInit.transformers(0.5),
            layers.indexOf(layer),
            m);
      }
      ParameterStore store = new ParameterStore(m, false);
      NDArray x = m.randomNormal(new Shape(2, 5, 48));
      NDList float32 = new NDList();
      NDList alone = new NDList();
      for (HfLinear layer : layers) {
        float32.add(layer.apply(store, x, false));
        ModelPrecision.apply(layer, precision, false);
        alone.add(layer.apply(store, x, false));
      }
      MatrixProducts products =
          precision == Precision.INT8
              ? LowPrecisionProducts.int8(LowPrecisionOps.get(), MatrixProducts.FLOAT32)
              : LowPrecisionProducts.bf16(LowPrecisionOps.get(), false);
      try (LinearKernel joined =
          HfLinear.prepareJoined(products, layers.toArray(HfLinear[]::new))) {
        NDList parts = joined.apply(x).split(new long[] {16, 40}, 2);
        for (int i = 0; i < layers.size(); i++) {
          assertThat(parts.get(i).getShape()).isEqualTo(alone.get(i).getShape());
          assertThat(parts.get(i).sub(alone.get(i)).abs().max().getFloat())
              .as("layer %d: joined against its own kernel", i)
              .isLessThan(1e-5f);
          assertThat(alone.get(i).contentEquals(float32.get(i)))
              .as("layer %d: its own kernel is really another arithmetic", i)
              .isFalse();
          assertThat(layers.get(i).apply(store, x, false).contentEquals(float32.get(i)))
              .as("layer %d: without a kernel of its own it multiplies in float32", i)
              .isTrue();
        }
      }
    }
  }

  @Test
  void underInt8ALayerWritingTheResidualStreamMultipliesInBf16() {
    PrecisionSupport here = PrecisionSupport.detect();
    Assumptions.assumeTrue(here.supports(Precision.INT8) && here.supports(Precision.BF16));
    HfLinear plain = new HfLinear(48, 16, true);
    HfLinear residual = HfLinear.residualWrite(48, 16);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      for (HfLinear layer : List.of(plain, residual)) {
        // The same seed: both layers get the same weights.
        ModelWeights.initialize(
            layer.namedParameters(),
            List.of("weight", "bias"),
            ParameterInit.transformers(0.5),
            3,
            m);
      }
      ParameterStore store = new ParameterStore(m, false);
      NDArray x = m.randomNormal(new Shape(2, 5, 48));
      ModelPrecision.apply(plain, Precision.BF16, false);
      NDArray bf16 = plain.apply(store, x, false);
      ModelPrecision.apply(plain, Precision.INT8, false);
      ModelPrecision.apply(residual, Precision.INT8, false);

      assertThat(residual.apply(store, x, false).contentEquals(bf16)).isTrue();
      assertThat(plain.apply(store, x, false).contentEquals(bf16)).isFalse();
    }
  }

  @Test
  void layersWithAndWithoutBiasAreNotJoined() {
    HfLinear[] layers = {new HfLinear(4, 2, true), new HfLinear(4, 2, false)};
    assertThatThrownBy(() -> HfLinear.prepareJoined(MatrixProducts.FLOAT32, layers))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all have a bias or all have none");
  }
}
