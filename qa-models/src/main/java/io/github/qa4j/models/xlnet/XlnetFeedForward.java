package io.github.qa4j.models.xlnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.HiddenActivation;
import io.github.qa4j.models.common.NamedBlock;

/**
 * XLNet's position-wise feed-forward sublayer: {@code layer_norm(x + layer_2(act(layer_1(x))))},
 * with dropout after the activation and after {@code layer_2}.
 */
public final class XlnetFeedForward extends NamedBlock {

  private final HfLayerNorm layerNorm;
  private final HfLinear layer1;
  private final HfLinear layer2;
  private final HiddenActivation activation;
  private final float dropout;

  /** Creates the sublayer for {@code config}'s sizes and activation. */
  public XlnetFeedForward(XlnetConfig config) {
    this.layerNorm = child("layer_norm", new HfLayerNorm(config.dModel(), config.layerNormEps()));
    this.layer1 = child("layer_1", new HfLinear(config.dModel(), config.dInner(), true));
    this.layer2 = child("layer_2", HfLinear.residualWrite(config.dInner(), config.dModel()));
    this.activation = config.activation();
    this.dropout = config.dropout();
  }

  /**
   * Applies the sublayer to {@code [B, L, d_model]}; the result lives in the manager of {@code x}.
   */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    NDArray inner =
        Dropouts.apply(activation.apply(layer1.apply(store, x, training)), dropout, training);
    NDArray out = Dropouts.apply(layer2.apply(store, inner, training), dropout, training);
    return layerNorm.apply(store, out.add(x), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
