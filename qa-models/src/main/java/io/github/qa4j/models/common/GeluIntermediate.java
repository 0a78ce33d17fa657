package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The feed-forward expansion {@code gelu(dense(x))} with exact (erf) GELU: transformers' {@code
 * BertIntermediate} and its copies with {@code hidden_act: "gelu"}.
 */
public final class GeluIntermediate extends NamedBlock {

  private final HfLinear dense;

  /**
   * Declares the block.
   *
   * @param hiddenSize input width
   * @param intermediateSize output width
   */
  public GeluIntermediate(int hiddenSize, int intermediateSize) {
    dense = child("dense", new HfLinear(hiddenSize, intermediateSize, true));
  }

  /** {@code gelu(dense(x))}; the result lives in the manager of {@code x}. */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    // PyTorch's gelu defaults to the exact erf form, which is transformers' "gelu".
    return Activation.gelu(dense.apply(store, x, training));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return dense.getOutputShapes(inputShapes);
  }
}
