package io.github.qa4j.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.NamedBlock;

/**
 * Answerability logit from the start state and the CLS state: {@code dense_1(tanh(dense_0([start;
 * cls])))}, {@code dense_1} without bias. Higher means "no answer".
 */
final class AnswerClassPooler extends NamedBlock {

  private final HfLinear dense0;
  private final HfLinear dense1;

  AnswerClassPooler(long hiddenSize) {
    this.dense0 = child("dense_0", new HfLinear(2 * hiddenSize, hiddenSize, true));
    this.dense1 = child("dense_1", new HfLinear(hiddenSize, 1, false));
  }

  /** {@code [B, H]} start and CLS states to logits {@code [B]}. */
  NDArray apply(ParameterStore store, NDArray startState, NDArray clsState, boolean training) {
    NDArray x =
        dense0.apply(store, NDArrays.concat(new NDList(startState, clsState), -1), training);
    return dense1.apply(store, Activation.tanh(x), training).squeeze(-1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.get(0), inputs.get(1), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].slice(0, 1)};
  }
}
