package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfIntermediate;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.common.ResidualOutput;

/** One transformer layer: attention, then the feed-forward block with its residual output. */
final class BertLayer extends NamedBlock {

  private final BertAttention attention;
  private final HfIntermediate intermediate;
  private final ResidualOutput output;

  BertLayer(BertConfig config) {
    attention = child("attention", new BertAttention(config));
    intermediate =
        child(
            "intermediate",
            new HfIntermediate(config.hiddenSize(), config.intermediateSize(), config.hiddenAct()));
    output =
        child(
            "output",
            new ResidualOutput(
                config.intermediateSize(),
                config.hiddenSize(),
                config.layerNormEps(),
                config.hiddenDropoutProb()));
  }

  NDArray apply(ParameterStore store, NDArray hidden, NDArray additiveMask, boolean training) {
    NDArray a = attention.apply(store, hidden, additiveMask, training);
    return output.apply(store, intermediate.apply(store, a, training), a, training);
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
