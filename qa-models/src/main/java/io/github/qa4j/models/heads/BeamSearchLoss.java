package io.github.qa4j.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;
import io.github.qa4j.core.ops.Scalars;

/**
 * The training loss of {@link BeamSearchHead}, as transformers' {@code XLNetForQuestionAnswering}
 * computes it: {@code (CE(start) + CE(end)) / 2 + 0.5 * BCEWithLogits(cls, is_impossible)}, each
 * term a mean over the batch.
 *
 * <p>Labels {@code [start_positions, end_positions, is_impossible]}; predictions the output of
 * {@link BeamSearchHead#trainingLogits}. Positions must index the window (there is no ignore
 * index): the featurizer labels windows without the answer with the CLS position.
 */
public final class BeamSearchLoss extends Loss {

  /** Creates the loss, named {@code beam_search_loss}. */
  public BeamSearchLoss() {
    super("beam_search_loss");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray spans =
        Scalars.div(
            crossEntropy(predictions.get(0), labels.get(0))
                .add(crossEntropy(predictions.get(1), labels.get(1))),
            2);
    return spans.add(Scalars.mul(binaryCrossEntropy(predictions.get(2), labels.get(2)), 0.5));
  }

  /** Mean of {@code -log softmax(logits)[target]} over the batch. */
  static NDArray crossEntropy(NDArray logits, NDArray target) {
    NDArray index = target.toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(-1, 1);
    return logits.logSoftmax(-1).gather(index, 1).neg().mean();
  }

  /**
   * Mean of {@code (1 - y) x + softplus(-x)}, the numerically stable form of {@code -y log
   * sigmoid(x) - (1 - y) log(1 - sigmoid(x))}.
   */
  static NDArray binaryCrossEntropy(NDArray logits, NDArray target) {
    NDArray y = target.toType(logits.getDataType(), false);
    return y.neg().add(1).mul(logits).add(Activation.softPlus(logits.neg())).mean();
  }
}
