package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/** The feed-forward expansion {@code gelu(dense(x))}, with exact (erf) GELU. */
final class BertIntermediate extends NamedBlock {

  private final HfLinear dense;

  BertIntermediate(BertConfig config) {
    dense = child("dense", new HfLinear(config.hiddenSize(), config.intermediateSize(), true));
  }

  NDArray apply(ParameterStore store, NDArray x, boolean training) {
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
