package io.github.qa4j.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/** Start logits: one {@code dense} score per token, masked by {@code p_mask}. */
final class StartPooler extends NamedBlock {

  private final HfLinear dense;

  StartPooler(long hiddenSize) {
    this.dense = child("dense", new HfLinear(hiddenSize, 1, true));
  }

  /** {@code [B, L, H]} and {@code p_mask [B, L]} to masked logits {@code [B, L]}. */
  NDArray apply(ParameterStore store, NDArray hidden, NDArray pMask, boolean training) {
    return LogitMask.apply(dense.apply(store, hidden, training).squeeze(-1), pMask);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].slice(0, 2)};
  }
}
