package io.github.qa4j.models.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.models.common.NamedBlock;

/**
 * A question-answering head on an encoder's last hidden state {@code [batch, seqLen, hidden]}.
 *
 * <p>Its {@link #namedParameters()} are the names transformers uses at the top level of the model
 * (for example {@code qa_outputs.weight}); a model places them beside its encoder's. Results live
 * in the manager of the hidden state.
 */
public abstract class QaHead extends NamedBlock {

  /** Creates the head; subclasses declare their parameters. */
  protected QaHead() {}

  /** Which head this is. */
  public abstract HeadType type();

  /**
   * The training loss of a labeled batch.
   *
   * @param store parameter values
   * @param sequenceOutput the encoder's last hidden state
   * @param batch the batch, with labels
   * @param training whether dropout is active
   */
  public abstract NDArray loss(
      ParameterStore store, NDArray sequenceOutput, QaBatch batch, boolean training);

  /** Inference outputs (no dropout). */
  public abstract QaOutputs predict(ParameterStore store, NDArray sequenceOutput, QaBatch batch);
}
