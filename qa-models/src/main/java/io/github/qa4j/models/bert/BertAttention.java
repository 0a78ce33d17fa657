package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.NamedBlock;

/** Self-attention ({@code self}) and its residual output ({@code output}). */
final class BertAttention extends NamedBlock {

  private final BertSelfAttention self;
  private final BertResidualOutput output;

  BertAttention(BertConfig config) {
    self = child("self", new BertSelfAttention(config));
    output = child("output", new BertResidualOutput(config, config.hiddenSize()));
  }

  NDArray apply(ParameterStore store, NDArray hidden, NDArray additiveMask, boolean training) {
    return output.apply(store, self.apply(store, hidden, additiveMask, training), hidden, training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
