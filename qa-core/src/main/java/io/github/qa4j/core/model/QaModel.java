package io.github.qa4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.features.WindowLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * An encoder with a question-answering head, ready to train or to answer.
 *
 * <p>Implementations live in {@code qa-models} and are found through {@link QaModelProvider}. A
 * model owns the native memory of its parameters; {@link #close()} frees it. Methods that take a
 * {@link ParameterStore} create their results in the manager of the batch's arrays.
 */
public interface QaModel extends AutoCloseable {

  /** The Hugging Face {@code model_type}, for example {@code bert} or {@code xlnet}. */
  String modelType();

  /** How this model's windows are laid out (its family's layout for its config). */
  WindowLayout layout();

  /** The head on top of the encoder. */
  HeadType headType();

  /**
   * The manager that holds this model's parameters. Open sub-managers of it ({@code
   * manager().newSubManager()}) to scope the tensors of a forward pass on the model's device; the
   * model closes it in {@link #close()}.
   */
  NDManager manager();

  /**
   * Parameters by their Hugging Face names (for example {@code
   * bert.encoder.layer.0.attention.self.query.weight}), in a stable order.
   */
  Map<String, Parameter> namedParameters();

  /**
   * The training loss of a labeled batch: for the span head the mean of the start and end
   * cross-entropies; for the beam-search head that plus half the answerability BCE.
   *
   * @param training whether dropout is active
   */
  NDArray loss(ParameterStore parameterStore, QaBatch batch, boolean training);

  /**
   * Inference-time outputs: no dropout, and no gradients recorded, whichever thread calls and
   * whether or not the parameters require gradients.
   */
  QaOutputs predict(ParameterStore parameterStore, QaBatch batch);

  /**
   * Writes a Hugging Face model directory: {@code config.json} and {@code model.safetensors}
   * (tokenizer files are the caller's).
   */
  void save(Path directory) throws IOException;

  /**
   * Switches the arithmetic of this model's matrix products at inference (training always runs in
   * float32 on the float32 parameters, which are kept). Converts the weights once; call it while no
   * other thread uses the model, and again after the parameters change.
   *
   * @param precision the precision wanted
   * @param fallBackToFloat32 whether a precision this machine cannot run falls back to float32
   *     instead of failing
   * @return the precision in use from now on
   * @throws UnsupportedOperationException when the model or the machine cannot run {@code
   *     precision} and no fallback was asked for
   */
  default Precision usePrecision(Precision precision, boolean fallBackToFloat32) {
    if (precision == Precision.FLOAT32 || fallBackToFloat32) {
      return Precision.FLOAT32;
    }
    throw new UnsupportedOperationException(
        modelType() + " models run in float32 only, not " + precision.flag());
  }

  /**
   * bf16 mixed-precision training, as transformers' {@code --bf16}: matrix products in bfloat16 in
   * training and at inference, on the float32 parameters, which receive float32 gradients (the
   * optimizer is unchanged). Nothing is cast ahead, so evaluating between optimizer steps sees the
   * current weights. {@link #usePrecision} switches back.
   *
   * @param fallBackToFloat32 whether a machine without bfloat16 trains in float32 instead of
   *     failing
   * @return the precision in use from now on
   * @throws UnsupportedOperationException when bf16 cannot run and no fallback was asked for
   */
  default Precision useMixedPrecisionTraining(boolean fallBackToFloat32) {
    if (fallBackToFloat32) {
      return Precision.FLOAT32;
    }
    throw new UnsupportedOperationException(modelType() + " models train in float32 only");
  }

  /** Frees the parameters' native memory. */
  @Override
  void close();
}
