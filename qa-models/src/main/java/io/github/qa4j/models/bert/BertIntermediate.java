package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.HiddenActivation;
import io.github.qa4j.models.common.NamedBlock;

/** The feed-forward expansion {@code act(dense(x))}, with the config's {@code hidden_act}. */
final class BertIntermediate extends NamedBlock {

  private final HfLinear dense;
  private final HiddenActivation activation;

  BertIntermediate(BertConfig config) {
    activation = config.hiddenAct();
    dense = child("dense", new HfLinear(config.hiddenSize(), config.intermediateSize(), true));
  }

  NDArray apply(ParameterStore store, NDArray x, boolean training) {
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
