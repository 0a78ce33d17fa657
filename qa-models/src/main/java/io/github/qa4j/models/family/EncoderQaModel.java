package io.github.qa4j.models.family;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.LoadReport;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.common.NoGradient;
import io.github.qa4j.models.heads.QaHead;
import io.github.qa4j.models.precision.ModelPrecision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * An encoder with a question-answering head: what transformers' {@code *ForQuestionAnswering}
 * classes are, for every family. The encoder's parameters sit under the family's prefix ({@code
 * bert.}, {@code transformer.}, ...), the head's at the top level ({@code qa_outputs.*} for the
 * span head; {@code start_logits.*}, {@code end_logits.*}, {@code answer_class.*} for the
 * beam-search head).
 *
 * <p>Made by an {@link EncoderFamily}. The model owns an {@link NDManager} holding its parameters;
 * {@link #close()} frees them. Results of {@link #loss} and {@link #predict} live in the manager of
 * the batch's arrays.
 */
public final class EncoderQaModel implements QaModel {

  private final String modelType;
  private final JsonObject config;
  private final WindowLayout layout;
  private final String architecture;
  private final Network network;
  private final Map<String, Parameter> parameters;
  private final NDManager manager;
  private final LoadReport loadReport;

  EncoderQaModel(
      String modelType,
      JsonObject config,
      WindowLayout layout,
      String architecture,
      Network network,
      NDManager manager,
      LoadReport loadReport) {
    this.modelType = modelType;
    this.config = config.deepCopy();
    this.layout = layout;
    this.architecture = architecture;
    this.network = network;
    this.parameters = network.namedParameters();
    this.manager = manager;
    this.loadReport = loadReport;
  }

  /** The encoder, whose parameters are this model's under the family's prefix. */
  public Encoder encoder() {
    return network.encoder;
  }

  /** The head on the encoder. */
  public QaHead head() {
    return network.head;
  }

  /**
   * The whole network as one DJL block, for DJL tooling: forward inputs are {@code input_ids},
   * {@code token_type_ids}, {@code attention_mask} and then the head's own inputs (for the
   * beam-search head {@code p_mask}, {@code cls_index} and, for training logits, {@code
   * start_positions}); outputs are the head's. Given the same inputs it computes what {@link
   * #predict} and {@link #loss} compute.
   */
  public NamedBlock block() {
    return network;
  }

  /** What loading did: parameters read, initialized, and checkpoint tensors skipped. */
  public LoadReport loadReport() {
    return loadReport;
  }

  /** A copy of the Hugging Face {@code config.json} object the model was made from. */
  public JsonObject config() {
    return config.deepCopy();
  }

  @Override
  public String modelType() {
    return modelType;
  }

  @Override
  public WindowLayout layout() {
    return layout;
  }

  @Override
  public HeadType headType() {
    return network.head.type();
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  @Override
  public Precision usePrecision(Precision precision, boolean fallBackToFloat32) {
    return ModelPrecision.apply(network, precision, fallBackToFloat32);
  }

  @Override
  public Precision useMixedPrecisionTraining(boolean fallBackToFloat32) {
    return ModelPrecision.applyWithTraining(network, Precision.BF16, fallBackToFloat32);
  }

  @Override
  public Map<String, Parameter> namedParameters() {
    return parameters;
  }

  @Override
  public NDArray loss(ParameterStore parameterStore, QaBatch batch, boolean training) {
    return network.head.loss(
        parameterStore, encode(parameterStore, batch, training), batch, training);
  }

  @Override
  public QaOutputs predict(ParameterStore parameterStore, QaBatch batch) {
    return NoGradient.run(
        batch.inputIds(),
        () -> network.head.predict(parameterStore, encode(parameterStore, batch, false), batch));
  }

  private NDArray encode(ParameterStore store, QaBatch batch, boolean training) {
    return network.encoder.sequenceOutput(
        store, batch.inputIds(), batch.tokenTypeIds(), batch.attentionMask(), training);
  }

  /**
   * Writes {@code config.json} (with {@code model_type} and, where transformers has a class for
   * this encoder and head, {@code architectures}; else, for the beam-search head, {@value
   * EncoderFamily#HEAD_KEY}) and {@code model.safetensors}.
   */
  @Override
  public void save(Path directory) throws IOException {
    JsonObject out = config.deepCopy();
    out.addProperty("model_type", modelType);
    out.remove("architectures");
    out.remove(EncoderFamily.HEAD_KEY);
    if (architecture != null) {
      JsonArray architectures = new JsonArray();
      architectures.add(architecture);
      out.add("architectures", architectures);
    } else if (headType() == HeadType.BEAM_SEARCH) {
      out.addProperty(EncoderFamily.HEAD_KEY, EncoderFamily.BEAM_SEARCH_HEAD);
    }
    ModelWeights.save(directory, out, parameters);
  }

  @Override
  public void close() {
    manager.close();
  }

  /**
   * The encoder under its prefix and the head's parameters beside it, as one block: what {@link
   * #namedParameters()} names and what the checkpoint holds. Forward inputs are {@code input_ids},
   * {@code token_type_ids}, {@code attention_mask} and then the head's own inputs (for the
   * beam-search head {@code p_mask}, {@code cls_index} and, for training logits, {@code
   * start_positions}); outputs are the head's.
   */
  static final class Network extends NamedBlock {
    private final Encoder encoder;
    private final QaHead head;

    Network(String prefix, Encoder encoder, QaHead head) {
      this.encoder = child(prefix, encoder);
      this.head = child("", head);
    }

    QaHead head() {
      return head;
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDList headInputs = encoder.forward(store, new NDList(inputs.subList(0, 3)), training);
      headInputs.addAll(inputs.subNDList(3));
      return head.forward(store, headInputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      Shape[] headShapes = new Shape[inputShapes.length - 2];
      headShapes[0] = encoder.getOutputShapes(inputShapes)[0];
      System.arraycopy(inputShapes, 3, headShapes, 1, inputShapes.length - 3);
      return head.getOutputShapes(headShapes);
    }
  }
}
