package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A transformer encoder that turns a batch of windows into its last hidden state, the input of a
 * question-answering head. Each model family has one; its {@link #namedParameters()} carry
 * transformers' names without the family's prefix ({@code bert.}, {@code transformer.}, ...).
 *
 * <p>As a block, its forward inputs are {@code input_ids}, {@code token_type_ids} and {@code
 * attention_mask} (the last two optional: no types, nothing padded) and its output the last hidden
 * state.
 */
public abstract class Encoder extends NamedBlock {

  /** Creates the encoder; subclasses declare their parameters. */
  protected Encoder() {}

  /** The width of the hidden state. */
  public abstract int hiddenSize();

  /**
   * The last hidden state {@code [batch, seqLen, hiddenSize]}, in the manager of the input ids.
   *
   * @param store parameter values
   * @param inputIds int64 {@code [batch, seqLen]}
   * @param tokenTypeIds int64 {@code [batch, seqLen]}, or null; families without token types ignore
   *     them
   * @param attentionMask 1 for tokens, 0 for padding, {@code [batch, seqLen]}
   * @param training whether dropout is active
   */
  public abstract NDArray sequenceOutput(
      ParameterStore store,
      NDArray inputIds,
      NDArray tokenTypeIds,
      NDArray attentionMask,
      boolean training);

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(
        sequenceOutput(
            store,
            inputs.get(0),
            inputs.size() > 1 ? inputs.get(1) : null,
            inputs.size() > 2 ? inputs.get(2) : inputs.get(0).onesLike(),
            training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(hiddenSize())};
  }
}
