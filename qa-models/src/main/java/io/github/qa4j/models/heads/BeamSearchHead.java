package io.github.qa4j.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaOutputs;

/**
 * The SQuAD head with answerability of transformers' {@code XLNetForQuestionAnswering}, usable on
 * any encoder: start logits, end logits conditioned on a start, and an answerability logit.
 * Parameters as transformers names them at the top level of the model: {@code
 * start_logits.dense.*}, {@code end_logits.dense_0.*}, {@code end_logits.LayerNorm.*}, {@code
 * end_logits.dense_1.*}, {@code answer_class.dense_0.*}, {@code answer_class.dense_1.weight}.
 *
 * <p>As a DJL block it takes {@code [hidden [B, L, H], p_mask [B, L]?, cls_index [B]?]} and returns
 * the five inference tensors of {@link #predict}; with a fourth input {@code start_positions [B]}
 * it returns the training logits of {@link #trainingLogits}, for {@link BeamSearchLoss}. Without
 * {@code p_mask} nothing is masked; without {@code cls_index} the last token is the CLS token
 * (XLNet's layout), as in transformers.
 */
public final class BeamSearchHead extends QaHead {

  private final int startNTop;
  private final int endNTop;
  private final StartPooler startLogits;
  private final EndPooler endLogits;
  private final AnswerClassPooler answerClass;

  private BeamSearchHead(Builder b) {
    this.startNTop = b.startNTop;
    this.endNTop = b.endNTop;
    this.startLogits = child("start_logits", new StartPooler(b.hiddenSize));
    this.endLogits = child("end_logits", new EndPooler(b.hiddenSize, b.layerNormEps));
    this.answerClass = child("answer_class", new AnswerClassPooler(b.hiddenSize));
  }

  /** A builder; every size must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Start candidates kept at inference. */
  public int startNTop() {
    return startNTop;
  }

  /** End candidates kept per start candidate at inference. */
  public int endNTop() {
    return endNTop;
  }

  @Override
  public HeadType type() {
    return HeadType.BEAM_SEARCH;
  }

  /** {@link BeamSearchLoss} of the {@link #trainingLogits} of a labeled batch. */
  @Override
  public NDArray loss(
      ParameterStore store, NDArray sequenceOutput, QaBatch batch, boolean training) {
    if (!batch.hasLabels()) {
      throw new IllegalArgumentException(
          "the loss needs a batch with start and end positions and is_impossible labels");
    }
    NDList logits =
        trainingLogits(
            store,
            sequenceOutput,
            batch.pMask(),
            batch.clsIndex(),
            batch.startPositions(),
            training);
    return new BeamSearchLoss()
        .evaluate(
            new NDList(batch.startPositions(), batch.endPositions(), batch.isImpossible()), logits);
  }

  @Override
  public QaOutputs.BeamSearch predict(ParameterStore store, NDArray sequenceOutput, QaBatch batch) {
    return predict(store, sequenceOutput, batch.pMask(), batch.clsIndex());
  }

  /**
   * Training logits, with the end and answerability logits computed from the gold start.
   *
   * @param hidden encoder output {@code [B, L, H]}
   * @param pMask 1 for tokens that cannot be part of an answer, {@code [B, L]}, or null
   * @param clsIndex position of the CLS token {@code [B]} (int64), or null for the last token
   * @param startPositions gold start token {@code [B]} (int64)
   * @return {@code [start_logits [B, L], end_logits [B, L], cls_logits [B]]}, in the manager of
   *     {@code hidden}
   */
  public NDList trainingLogits(
      ParameterStore store,
      NDArray hidden,
      NDArray pMask,
      NDArray clsIndex,
      NDArray startPositions,
      boolean training) {
    NDArray start = startLogits.apply(store, hidden, pMask, training);
    NDArray startState = rows(hidden, startPositions.reshape(-1, 1)); // [B, 1, H]
    NDArray end =
        endLogits.apply(store, hidden, startState.broadcast(hidden.getShape()), pMask, training);
    NDArray cls =
        answerClass.apply(store, startState.squeeze(1), clsState(hidden, clsIndex), training);
    return new NDList(start, end, cls);
  }

  /**
   * Beam-search outputs as transformers lays them out: the {@code startNTop} most probable starts,
   * for each of them the {@code endNTop} most probable ends, and the answerability logit computed
   * from the start state weighted by the start probabilities. The "log probs" are probabilities, as
   * in transformers.
   *
   * @param hidden encoder output {@code [B, L, H]}
   * @param pMask 1 for tokens that cannot be part of an answer, {@code [B, L]}, or null
   * @param clsIndex position of the CLS token {@code [B]} (int64), or null for the last token
   * @throws IllegalArgumentException when the window is shorter than {@code startNTop} or {@code
   *     endNTop}
   */
  public QaOutputs.BeamSearch predict(
      ParameterStore store, NDArray hidden, NDArray pMask, NDArray clsIndex) {
    Shape shape = hidden.getShape();
    long batch = shape.get(0);
    long len = shape.get(1);
    long size = shape.get(2);
    if (len < Math.max(startNTop, endNTop)) {
      throw new IllegalArgumentException(
          "a window of "
              + len
              + " tokens is shorter than start_n_top "
              + startNTop
              + " or end_n_top "
              + endNTop);
    }
    NDArray startProbs = startLogits.apply(store, hidden, pMask, false).softmax(-1);
    NDList startTop = startProbs.topK(startNTop, -1, true, true);
    NDArray startStates = rows(hidden, startTop.get(1)); // [B, startNTop, H]
    Shape expanded = new Shape(batch, len, startNTop, size);
    NDArray endProbs =
        endLogits
            .apply(
                store,
                hidden.expandDims(2).broadcast(expanded),
                startStates.expandDims(1).broadcast(expanded),
                pMask == null ? null : pMask.expandDims(-1),
                false)
            .softmax(1); // [B, L, startNTop]
    NDList endTop = endProbs.topK(endNTop, 1, true, true); // [B, endNTop, startNTop]
    NDArray weightedStart = startProbs.expandDims(1).matMul(hidden).squeeze(1);
    NDArray cls = answerClass.apply(store, weightedStart, clsState(hidden, clsIndex), false);
    return new QaOutputs.BeamSearch(
        startTop.get(0),
        startTop.get(1),
        endTop.get(0).reshape(batch, (long) endNTop * startNTop),
        endTop.get(1).reshape(batch, (long) endNTop * startNTop),
        cls);
  }

  /** The state of the CLS token, {@code [B, H]}; the last token when {@code clsIndex} is null. */
  private static NDArray clsState(NDArray hidden, NDArray clsIndex) {
    return clsIndex == null
        ? hidden.get(":, -1, :")
        : rows(hidden, clsIndex.reshape(-1, 1)).squeeze(1);
  }

  /**
   * {@code hidden[b, index[b, k], :]}: {@code [B, L, H]} and {@code [B, K]} to {@code [B, K, H]}.
   */
  private static NDArray rows(NDArray hidden, NDArray index) {
    Shape s = hidden.getShape();
    Shape target = new Shape(s.get(0), index.getShape().get(1), s.get(2));
    return hidden.gather(index.expandDims(-1).broadcast(target), 1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (inputs.size() > 3) {
      return trainingLogits(
          store, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training);
    }
    QaOutputs.BeamSearch out =
        predict(
            store,
            inputs.get(0),
            inputs.size() > 1 ? inputs.get(1) : null,
            inputs.size() > 2 ? inputs.get(2) : null);
    return new NDList(
        out.startTopProbs(),
        out.startTopIndex(),
        out.endTopProbs(),
        out.endTopIndex(),
        out.clsLogits());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    long len = inputShapes[0].get(1);
    if (inputShapes.length > 3) {
      return new Shape[] {new Shape(batch, len), new Shape(batch, len), new Shape(batch)};
    }
    Shape starts = new Shape(batch, startNTop);
    Shape ends = new Shape(batch, (long) startNTop * endNTop);
    return new Shape[] {starts, starts, ends, ends, new Shape(batch)};
  }

  /** Configures a {@link BeamSearchHead}. */
  public static final class Builder {
    private long hiddenSize;
    private float layerNormEps = 1e-12f;
    private int startNTop = 5;
    private int endNTop = 5;

    private Builder() {}

    /** The encoder's hidden size (required). */
    public Builder hiddenSize(long hiddenSize) {
      this.hiddenSize = hiddenSize;
      return this;
    }

    /** Epsilon of the end pooler's LayerNorm ({@code layer_norm_eps}); default 1e-12. */
    public Builder layerNormEps(float layerNormEps) {
      this.layerNormEps = layerNormEps;
      return this;
    }

    /** Start candidates kept at inference ({@code start_n_top}); default 5. */
    public Builder startNTop(int startNTop) {
      this.startNTop = startNTop;
      return this;
    }

    /** End candidates per start kept at inference ({@code end_n_top}); default 5. */
    public Builder endNTop(int endNTop) {
      this.endNTop = endNTop;
      return this;
    }

    /** Builds the head. */
    public BeamSearchHead build() {
      if (hiddenSize < 1 || startNTop < 1 || endNTop < 1 || !(layerNormEps > 0)) {
        throw new IllegalArgumentException(
            "beam-search head needs positive sizes: hiddenSize "
                + hiddenSize
                + ", startNTop "
                + startNTop
                + ", endNTop "
                + endNTop
                + ", layerNormEps "
                + layerNormEps);
      }
      return new BeamSearchHead(this);
    }
  }
}
