package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.common.ResidualOutput;

/** Self-attention ({@code self}) and its residual output ({@code output}). */
final class BertAttention extends NamedBlock {

  private final BertSelfAttention self;
  private final ResidualOutput output;

  BertAttention(BertConfig config) {
    self = child("self", new BertSelfAttention(config));
    output =
        child(
            "output",
            new ResidualOutput(
                config.hiddenSize(),
                config.hiddenSize(),
                config.layerNormEps(),
                config.hiddenDropoutProb()));
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
