package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code LayerNorm(residual + dropout(dense(x)))}: transformers' {@code BertSelfOutput} and {@code
 * BertOutput} (and their copies in other families, such as DeBERTa's {@code DebertaV2SelfOutput}
 * and {@code DebertaV2Output}), which differ only in their input width. Parameters {@code dense}
 * and {@code LayerNorm}.
 */
public final class ResidualOutput extends NamedBlock {

  private final float dropout;
  private final HfLinear dense;
  private final HfLayerNorm norm;

  /**
   * Declares the block.
   *
   * @param inputWidth width of {@code x}
   * @param hiddenSize width of the residual and the output
   * @param layerNormEps LayerNorm epsilon
   * @param dropout dropout rate on the dense output ({@code hidden_dropout_prob})
   */
  public ResidualOutput(int inputWidth, int hiddenSize, float layerNormEps, float dropout) {
    this.dropout = dropout;
    dense = child("dense", HfLinear.residualWrite(inputWidth, hiddenSize));
    norm = child("LayerNorm", new HfLayerNorm(hiddenSize, layerNormEps));
  }

  /** The output for {@code x} and {@code residual}; it lives in the manager of {@code x}. */
  public NDArray apply(ParameterStore store, NDArray x, NDArray residual, boolean training) {
    NDArray y = Dropouts.apply(dense.apply(store, x, training), dropout, training);
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
