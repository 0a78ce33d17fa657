package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.common.ResidualOutput;

/** Disentangled self-attention ({@code self}) and its residual output ({@code output}). */
final class DebertaV2Attention extends NamedBlock {

  private final DebertaV2Config config;
  private final DisentangledSelfAttention self;
  private final ResidualOutput output;

  DebertaV2Attention(DebertaV2Config config) {
    this.config = config;
    self = child("self", new DisentangledSelfAttention(config));
    output =
        child(
            "output",
            new ResidualOutput(
                config.hiddenSize(),
                config.hiddenSize(),
                config.layerNormEps(),
                config.hiddenDropoutProb()));
  }

  NDArray apply(ParameterStore store, NDArray hidden, AttentionContext context, boolean training) {
    return output.apply(store, self.apply(store, hidden, context, training), hidden, training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), AttentionContext.from(inputs, config), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
