package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.LayerNorm} over the last axis, with parameters {@code weight} (scale) and
 * {@code bias} (shift).
 */
public final class HfLayerNorm extends NamedBlock {

  private final float eps;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates the layer.
   *
   * @param dim width of the normalized axis
   * @param eps added to the variance, {@code layer_norm_eps} in Hugging Face configs
   */
  public HfLayerNorm(long dim, float eps) {
    this.eps = eps;
    this.weight = parameter("weight", Parameter.Type.GAMMA, new Shape(dim));
    this.bias = parameter("bias", Parameter.Type.BETA, new Shape(dim));
  }

  /** Normalizes the last axis of {@code x}; the result lives in the manager of {@code x}. */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    NDArray gamma = store.getValue(weight, x.getDevice(), training);
    NDArray beta = store.getValue(bias, x.getDevice(), training);
    return LayerNorm.layerNorm(x, new Shape(x.getShape().tail()), gamma, beta, eps)
        .singletonOrThrow();
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
