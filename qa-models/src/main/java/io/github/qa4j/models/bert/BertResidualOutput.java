package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.Dropouts;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/**
 * {@code LayerNorm(residual + dropout(dense(x)))}: transformers' {@code BertSelfOutput} and {@code
 * BertOutput}, which differ only in their input width.
 */
final class BertResidualOutput extends NamedBlock {

  private final BertConfig config;
  private final HfLinear dense;
  private final HfLayerNorm norm;

  BertResidualOutput(BertConfig config, int inputWidth) {
    this.config = config;
    dense = child("dense", new HfLinear(inputWidth, config.hiddenSize(), true));
    norm = child("LayerNorm", new HfLayerNorm(config.hiddenSize(), config.layerNormEps()));
  }

  NDArray apply(ParameterStore store, NDArray x, NDArray residual, boolean training) {
    NDArray y =
        Dropouts.apply(dense.apply(store, x, training), config.hiddenDropoutProb(), training);
    return norm.apply(store, y.add(residual), training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[1]};
  }
}
