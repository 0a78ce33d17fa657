package io.github.qa4j.models.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
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
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.heads.BeamSearchHead;
import io.github.qa4j.models.heads.QaHead;
import io.github.qa4j.models.heads.SpanHead;
import io.github.qa4j.models.precision.ModelPrecision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * BERT with a question-answering head: transformers' {@code BertForQuestionAnswering} for {@link
 * HeadType#SPAN}, with parameters named {@code bert.*} and {@code qa_outputs.*}.
 *
 * <p>Any {@link QaHead} can sit on the encoder (see {@link #load(Path, Function, Device, long)});
 * the {@link HeadType} factories know the span head and, for {@link HeadType#BEAM_SEARCH}, XLNet's
 * SQuAD head with answerability ({@link BeamSearchHead}, parameters {@code start_logits.*}, {@code
 * end_logits.*}, {@code answer_class.*}). The model owns an {@link NDManager} holding its
 * parameters; {@link #close()} frees them. Results of {@link #loss} and {@link #predict} live in
 * the manager of the batch's arrays.
 */
public final class BertQaModel implements QaModel {

  /** The seed of heads initialized on load when none is given ({@code run_qa.py}'s default). */
  public static final long DEFAULT_SEED = 42;

  /** Pretraining tensors a question-answering model does not use. */
  private static final List<String> IGNORED_PRETRAINING =
      List.of("cls.", "bert.pooler.", "bert.embeddings.position_ids");

  private final JsonObject config;
  private final Network network;
  private final Map<String, Parameter> parameters;
  private final NDManager manager;
  private final LoadReport loadReport;

  private BertQaModel(
      JsonObject config, Network network, NDManager manager, LoadReport loadReport) {
    this.config = config;
    this.network = network;
    this.parameters = network.namedParameters();
    this.manager = manager;
    this.loadReport = loadReport;
  }

  /**
   * Loads a Hugging Face model directory; a head missing from the checkpoint is initialized from
   * {@code seed}.
   *
   * @throws IOException when a file is missing or invalid, or the checkpoint does not fit (see
   *     {@link io.github.qa4j.models.common.CheckpointMismatchException})
   * @throws UnsupportedOperationException for a head BERT does not offer yet
   */
  public static BertQaModel load(Path directory, HeadType head, Device device, long seed)
      throws IOException {
    return load(directory, headFactory(head), device, seed);
  }

  /** Loads a Hugging Face model directory with the head {@code head} builds for its config. */
  public static BertQaModel load(
      Path directory, Function<BertConfig, QaHead> head, Device device, long seed)
      throws IOException {
    Path configFile = directory.resolve("config.json");
    JsonObject json = QaModels.readConfig(configFile);
    Network network = new Network(BertConfig.from(json, configFile), head);
    Map<String, HostTensor> checkpoint = CheckpointFiles.read(directory);
    LoadPolicy policy =
        new LoadPolicy(
            List.copyOf(network.head.namedParameters().keySet()), IGNORED_PRETRAINING, "bert.");
    NDManager manager = NDManager.newBaseManager(device);
    try {
      LoadReport report =
          ModelWeights.load(
              network.namedParameters(),
              checkpoint,
              directory.toString(),
              policy,
              BertModel.initializer(network.bert.config()),
              seed,
              manager);
      return new BertQaModel(json.deepCopy(), network, manager, report);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * A randomly initialized model, as transformers initializes one.
   *
   * @param config a Hugging Face BERT config object
   * @param head the head
   * @param seed seeds every parameter
   * @param device where the parameters live
   */
  public static BertQaModel create(JsonObject config, HeadType head, long seed, Device device) {
    return create(config, headFactory(head), seed, device);
  }

  /** A randomly initialized model with the head {@code head} builds for the config. */
  public static BertQaModel create(
      JsonObject config, Function<BertConfig, QaHead> head, long seed, Device device) {
    Network network = new Network(BertConfig.from(config, Path.of("config")), head);
    Map<String, Parameter> all = network.namedParameters();
    NDManager manager = NDManager.newBaseManager(device);
    try {
      List<String> names = new ArrayList<>(all.keySet());
      ModelWeights.initialize(
          all, names, BertModel.initializer(network.bert.config()), seed, manager);
      return new BertQaModel(
          config.deepCopy(), network, manager, new LoadReport(List.of(), names, List.of()));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static Function<BertConfig, QaHead> headFactory(HeadType head) {
    return switch (head) {
      case SPAN -> c -> new SpanHead(c.hiddenSize());
      // BERT configs have no start_n_top / end_n_top: transformers' defaults (5, 5) apply.
      case BEAM_SEARCH ->
          c ->
              BeamSearchHead.builder()
                  .hiddenSize(c.hiddenSize())
                  .layerNormEps(c.layerNormEps())
                  .build();
    };
  }

  /** The encoder, whose parameters are this model's {@code bert.*} parameters. */
  public BertModel encoder() {
    return network.bert;
  }

  /** The head on the encoder. */
  public QaHead head() {
    return network.head;
  }

  /** The architecture. */
  public BertConfig config() {
    return network.bert.config();
  }

  /** What loading did: parameters read, initialized, and checkpoint tensors skipped. */
  public LoadReport loadReport() {
    return loadReport;
  }

  @Override
  public String modelType() {
    return "bert";
  }

  @Override
  public WindowLayout layout() {
    return WindowLayout.BERT;
  }

  @Override
  public HeadType headType() {
    return network.head.type();
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
    return network.head.loss(
        parameterStore, encode(parameterStore, batch, training), batch, training);
  }

  @Override
  public QaOutputs predict(ParameterStore parameterStore, QaBatch batch) {
    return network.head.predict(parameterStore, encode(parameterStore, batch, false), batch);
  }

  private NDArray encode(ParameterStore store, QaBatch batch, boolean training) {
    return network.bert.sequenceOutput(
        store, batch.inputIds(), batch.tokenTypeIds(), batch.attentionMask(), training);
  }

  @Override
  public void save(Path directory) throws IOException {
    JsonObject out = config.deepCopy();
    out.addProperty("model_type", "bert");
    if (headType() == HeadType.SPAN) {
      JsonArray architectures = new JsonArray();
      architectures.add("BertForQuestionAnswering");
      out.add("architectures", architectures);
    } else {
      out.remove("architectures");
    }
    ModelWeights.save(directory, out, parameters);
  }

  @Override
  public void close() {
    manager.close();
  }

  /**
   * The whole network as one block: {@code bert} and the head's parameters beside it. Forward
   * inputs are {@code input_ids}, {@code token_type_ids} and {@code attention_mask}; outputs are
   * the head's.
   */
  private static final class Network extends NamedBlock {
    private final BertModel bert;
    private final QaHead head;

    Network(BertConfig config, Function<BertConfig, QaHead> headFactory) {
      bert = child("bert", new BertModel(config, false));
      head = child("", headFactory.apply(config));
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray sequence =
          bert.sequenceOutput(store, inputs.get(0), inputs.get(1), inputs.get(2), training);
      return head.forward(store, new NDList(sequence), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return head.getOutputShapes(bert.getOutputShapes(inputShapes));
    }
  }
}
