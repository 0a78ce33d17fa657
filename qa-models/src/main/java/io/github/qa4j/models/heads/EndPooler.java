package io.github.qa4j.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfLayerNorm;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/**
 * End logits conditioned on a start: {@code dense_1(LayerNorm(tanh(dense_0([h; h_start]))))},
 * masked by {@code p_mask}.
 */
final class EndPooler extends NamedBlock {

  private final HfLinear dense0;
  private final HfLayerNorm layerNorm;
  private final HfLinear dense1;

  EndPooler(long hiddenSize, float layerNormEps) {
    this.dense0 = child("dense_0", new HfLinear(2 * hiddenSize, hiddenSize, true));
    this.layerNorm = child("LayerNorm", new HfLayerNorm(hiddenSize, layerNormEps));
    this.dense1 = child("dense_1", new HfLinear(hiddenSize, 1, true));
  }

  /**
   * Scores every token as the end of an answer that starts at the given start states.
   *
   * @param hidden token states {@code [..., H]}
   * @param startStates states of the start token, the same shape as {@code hidden}
   * @param pMask 1 for tokens that cannot end an answer, broadcastable to the result
   * @return logits, the shape of {@code hidden} without its last axis
   */
  NDArray apply(
      ParameterStore store, NDArray hidden, NDArray startStates, NDArray pMask, boolean training) {
    NDArray x = dense0.apply(store, NDArrays.concat(new NDList(hidden, startStates), -1), training);
    x = layerNorm.apply(store, Activation.tanh(x), training);
    return LogitMask.apply(dense1.apply(store, x, training).squeeze(-1), pMask);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), inputs.get(2), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape h = inputShapes[0];
    return new Shape[] {h.slice(0, h.dimension() - 1)};
  }
}
