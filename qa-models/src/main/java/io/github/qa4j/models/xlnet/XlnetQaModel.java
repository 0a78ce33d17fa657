package io.github.qa4j.models.xlnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.models.common.CheckpointFiles;
import io.github.qa4j.models.common.LoadPolicy;
import io.github.qa4j.models.common.LoadReport;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.heads.QaHead;
import io.github.qa4j.models.precision.ModelPrecision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * XLNet with a question-answering head: transformers' {@code XLNetForQuestionAnswering} for {@link
 * HeadType#BEAM_SEARCH}, with parameters named {@code transformer.*}, {@code start_logits.*},
 * {@code end_logits.*} and {@code answer_class.*}.
 *
 * <p>The model owns an {@link NDManager} holding its parameters; {@link #close()} frees them.
 * Results of {@link #loss} and {@link #predict} live in the manager of the batch's arrays.
 */
public final class XlnetQaModel implements QaModel {

  /** The seed of heads initialized on load when none is given ({@code run_qa.py}'s default). */
  public static final long DEFAULT_SEED = 42;

  /**
   * Checkpoint tensors of other XLNet heads (language modeling, sequence classification, the simple
   * span head) that a question-answering model skips, as transformers does.
   */
  private static final List<String> OTHER_HEADS =
      List.of("lm_loss.", "sequence_summary.", "logits_proj.", "qa_outputs.");

  private final JsonObject config;
  private final XlnetConfig xlnetConfig;
  private final XlnetQaNetwork network;
  private final Map<String, Parameter> parameters;
  private final NDManager manager;
  private final LoadReport loadReport;

  private XlnetQaModel(
      JsonObject config,
      XlnetConfig xlnetConfig,
      XlnetQaNetwork network,
      NDManager manager,
      LoadReport loadReport) {
    this.config = config;
    this.xlnetConfig = xlnetConfig;
    this.network = network;
    this.parameters = network.namedParameters();
    this.manager = manager;
    this.loadReport = loadReport;
  }

  /**
   * Loads a Hugging Face model directory ({@code config.json}, {@code model.safetensors} or a
   * sharded index). A head missing from the checkpoint (a pretrained encoder) is initialized from
   * {@code seed} as transformers initializes it; a checkpoint of the bare encoder (names without
   * {@code transformer.}) loads too.
   *
   * @throws IOException when a file is missing or invalid, or the checkpoint does not fit (see
   *     {@link io.github.qa4j.models.common.CheckpointMismatchException})
   * @throws IllegalArgumentException when {@code config.json} asks for what this encoder does not
   *     implement; the message names the file and the field
   * @throws UnsupportedOperationException for a head XLNet does not offer
   */
  public static XlnetQaModel load(Path directory, HeadType head, Device device, long seed)
      throws IOException {
    Path configFile = directory.resolve("config.json");
    JsonObject json = QaModels.readConfig(configFile);
    XlnetConfig xlnetConfig = XlnetConfig.fromJson(json, configFile);
    XlnetQaNetwork network = new XlnetQaNetwork(xlnetConfig, head);
    Map<String, HostTensor> checkpoint = CheckpointFiles.read(directory);
    List<String> ignored = new ArrayList<>(OTHER_HEADS);
    ignored.removeIf(
        prefix ->
            network.head().namedParameters().keySet().stream().anyMatch(n -> n.startsWith(prefix)));
    LoadPolicy policy =
        new LoadPolicy(
            List.copyOf(network.head().namedParameters().keySet()), ignored, "transformer.");
    NDManager manager = NDManager.newBaseManager(device);
    try {
      LoadReport report =
          ModelWeights.load(
              network.namedParameters(),
              checkpoint,
              directory.toString(),
              policy,
              ParameterInit.transformers(xlnetConfig.initializerRange()),
              seed,
              manager);
      return new XlnetQaModel(json.deepCopy(), xlnetConfig, network, manager, report);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * A randomly initialized model, as transformers initializes one: weights normal with {@code
   * initializer_range}, biases 0, layer-norm scales 1.
   *
   * @param config a Hugging Face XLNet config object
   * @param head the head
   * @param seed seeds every parameter
   * @param device where the parameters live
   */
  public static XlnetQaModel create(JsonObject config, HeadType head, long seed, Device device) {
    XlnetConfig xlnetConfig = XlnetConfig.fromJson(config, Path.of("config"));
    XlnetQaNetwork network = new XlnetQaNetwork(xlnetConfig, head);
    Map<String, Parameter> all = network.namedParameters();
    NDManager manager = NDManager.newBaseManager(device);
    try {
      List<String> names = new ArrayList<>(all.keySet());
      ModelWeights.initialize(
          all, names, ParameterInit.transformers(xlnetConfig.initializerRange()), seed, manager);
      return new XlnetQaModel(
          config.deepCopy(),
          xlnetConfig,
          network,
          manager,
          new LoadReport(List.of(), names, List.of()));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The architecture. */
  public XlnetConfig config() {
    return xlnetConfig;
  }

  /** The encoder, whose parameters are this model's {@code transformer.*} parameters. */
  public XlnetEncoder encoder() {
    return network.encoder();
  }

  /** The head on the encoder. */
  public QaHead head() {
    return network.head();
  }

  /** What loading did: parameters read, initialized, and checkpoint tensors skipped. */
  public LoadReport loadReport() {
    return loadReport;
  }

  @Override
  public String modelType() {
    return "xlnet";
  }

  @Override
  public WindowLayout layout() {
    return WindowLayout.XLNET;
  }

  @Override
  public HeadType headType() {
    return network.head().type();
  }

  @Override
  public Block block() {
    return network;
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
    return network
        .head()
        .loss(parameterStore, encode(parameterStore, batch, training), batch, training);
  }

  @Override
  public QaOutputs predict(ParameterStore parameterStore, QaBatch batch) {
    return network.head().predict(parameterStore, encode(parameterStore, batch, false), batch);
  }

  private NDArray encode(ParameterStore store, QaBatch batch, boolean training) {
    return network
        .encoder()
        .apply(store, batch.inputIds(), batch.tokenTypeIds(), batch.attentionMask(), training);
  }

  @Override
  public void save(Path directory) throws IOException {
    JsonObject out = config.deepCopy();
    out.addProperty("model_type", "xlnet");
    JsonArray architectures = new JsonArray();
    architectures.add("XLNetForQuestionAnswering");
    out.add("architectures", architectures);
    ModelWeights.save(directory, out, parameters);
  }

  @Override
  public void close() {
    manager.close();
  }
}
