package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The feed-forward expansion {@code act(dense(x))}: transformers' {@code BertIntermediate} and its
 * copies in RoBERTa, ELECTRA and DeBERTa, with the config's {@code hidden_act}.
 */
public final class HfIntermediate extends NamedBlock {

  private final HfLinear dense;
  private final HiddenActivation activation;

  /**
   * Declares the block.
   *
   * @param hiddenSize input width
   * @param intermediateSize output width
   * @param activation the config's {@code hidden_act}
   */
  public HfIntermediate(int hiddenSize, int intermediateSize, HiddenActivation activation) {
    this.activation = activation;
    dense = child("dense", new HfLinear(hiddenSize, intermediateSize, true));
  }

  /** {@code act(dense(x))}; the result lives in the manager of {@code x}. */
  public NDArray apply(ParameterStore store, NDArray x, boolean training) {
    return activation.apply(dense.apply(store, x, training));
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
