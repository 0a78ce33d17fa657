package io.github.qa4j.models.deberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfIntermediate;
import io.github.qa4j.models.common.HiddenActivation;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.common.ResidualOutput;

/** One layer: disentangled attention, then the feed-forward block with its residual output. */
final class DebertaV2Layer extends NamedBlock {

  private final DebertaV2Config config;
  private final DebertaV2Attention attention;
  private final HfIntermediate intermediate;
  private final ResidualOutput output;

  DebertaV2Layer(DebertaV2Config config) {
    this.config = config;
    attention = child("attention", new DebertaV2Attention(config));
    intermediate =
        child(
            "intermediate",
            new HfIntermediate(
                config.hiddenSize(), config.intermediateSize(), HiddenActivation.of("gelu")));
    output =
        child(
            "output",
            new ResidualOutput(
                config.intermediateSize(),
                config.hiddenSize(),
                config.layerNormEps(),
                config.hiddenDropoutProb()));
  }

  NDArray apply(ParameterStore store, NDArray hidden, AttentionContext context, boolean training) {
    NDArray a = attention.apply(store, hidden, context, training);
    return output.apply(store, intermediate.apply(store, a, training), a, training);
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
