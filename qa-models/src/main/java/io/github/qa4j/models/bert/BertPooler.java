package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/** {@code tanh(dense(h[:, 0]))}: the pooled first-token representation. */
final class BertPooler extends NamedBlock {

  private final HfLinear dense;

  BertPooler(BertConfig config) {
    dense = child("dense", new HfLinear(config.hiddenSize(), config.hiddenSize(), true));
  }

  NDArray apply(ParameterStore store, NDArray sequenceOutput, boolean training) {
    return dense.apply(store, sequenceOutput.get(new NDIndex(":, 0, :")), training).tanh();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), in.get(2))};
  }
}
