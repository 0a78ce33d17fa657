package io.github.qa4j.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.core.ops.Scalars;
import io.github.qa4j.models.common.HfLinear;

/**
 * The span head of {@code run_qa.py}: {@code qa_outputs = Linear(hidden, 2)} gives a start and an
 * end logit per token.
 *
 * <p>Its loss is transformers': gold positions are clamped to {@code [0, seqLen]}, {@code seqLen}
 * itself is ignored, and the loss is the mean of the start and end cross-entropies.
 */
public final class SpanHead extends QaHead {

  private final HfLinear qaOutputs;

  /**
   * Declares the head.
   *
   * @param hiddenSize width of the encoder's hidden state
   */
  public SpanHead(int hiddenSize) {
    qaOutputs = child("qa_outputs", new HfLinear(hiddenSize, 2, true));
  }

  @Override
  public HeadType type() {
    return HeadType.SPAN;
  }

  /** Start and end logits, each {@code [batch, seqLen]}. */
  public QaOutputs.Span logits(ParameterStore store, NDArray sequenceOutput, boolean training) {
    NDList both = qaOutputs.apply(store, sequenceOutput, training).split(2, 2);
    return new QaOutputs.Span(both.get(0).squeeze(2), both.get(1).squeeze(2));
  }

  @Override
  public NDArray loss(
      ParameterStore store, NDArray sequenceOutput, QaBatch batch, boolean training) {
    if (!batch.hasLabels()) {
      throw new IllegalArgumentException("the loss needs a batch with start and end positions");
    }
    QaOutputs.Span l = logits(store, sequenceOutput, training);
    return loss(l.startLogits(), l.endLogits(), batch.startPositions(), batch.endPositions());
  }

  @Override
  public QaOutputs predict(ParameterStore store, NDArray sequenceOutput, QaBatch batch) {
    return logits(store, sequenceOutput, false);
  }

  /**
   * transformers' span loss: {@code (CE(start) + CE(end)) / 2}, positions clamped to {@code [0,
   * seqLen]} and {@code seqLen} ignored.
   *
   * @param startLogits {@code [batch, seqLen]}
   * @param endLogits {@code [batch, seqLen]}
   * @param startPositions int64 {@code [batch]}
   * @param endPositions int64 {@code [batch]}
   */
  public static NDArray loss(
      NDArray startLogits, NDArray endLogits, NDArray startPositions, NDArray endPositions) {
    long seqLen = startLogits.getShape().get(1);
    NDArray start = crossEntropy(startLogits, startPositions.clip(0, seqLen), seqLen);
    NDArray end = crossEntropy(endLogits, endPositions.clip(0, seqLen), seqLen);
    return Scalars.div(start.add(end), 2);
  }

  /**
   * Mean cross-entropy over the rows whose target is not {@code ignoreIndex}, as PyTorch's {@code
   * CrossEntropyLoss(ignore_index=...)}; unlike PyTorch (which gives NaN) a batch with every row
   * ignored has loss 0, so one such batch cannot poison training.
   *
   * @param logits {@code [batch, classes]}
   * @param targets int64 {@code [batch]}, in {@code [0, classes)} or equal to {@code ignoreIndex}
   * @param ignoreIndex the target value to skip
   */
  public static NDArray crossEntropy(NDArray logits, NDArray targets, long ignoreIndex) {
    long classes = logits.getShape().get(1);
    NDArray kept = targets.neq(ignoreIndex);
    // Ignored rows gather a valid class (0) and are then weighted by 0.
    NDArray safe = targets.mul(kept.toType(DataType.INT64, false)).clip(0, classes - 1);
    NDArray picked =
        logits.logSoftmax(1).gather(safe.reshape(new Shape(-1, 1)), 1).reshape(new Shape(-1));
    NDArray weight = kept.toType(DataType.FLOAT32, false);
    return picked.mul(weight).sum().neg().div(weight.sum().maximum(1f));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    QaOutputs.Span l = logits(store, inputs.singletonOrThrow(), training);
    return new NDList(l.startLogits(), l.endLogits());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    Shape logits = new Shape(in.get(0), in.get(1));
    return new Shape[] {logits, logits};
  }
}
