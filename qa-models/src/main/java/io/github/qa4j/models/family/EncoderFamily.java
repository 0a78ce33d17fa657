package io.github.qa4j.models.family;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModelProvider;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.models.common.CheckpointFiles;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.LoadPolicy;
import io.github.qa4j.models.common.LoadReport;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.heads.BeamSearchHead;
import io.github.qa4j.models.heads.QaHead;
import io.github.qa4j.models.heads.SpanHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model family: what it takes to load, create and save {@link EncoderQaModel}s of one
 * architecture. A family states what it is in a {@link FamilySpec} (its {@code model_type}s, config
 * parser, encoder and initialization, parameter prefix, transformers' class names, the pretraining
 * tensors to skip); loading, random initialization, heads and saving are done here, once for every
 * family.
 *
 * <p>Adding a family is one package in {@code qa-models}: its config and encoder, a subclass of
 * this whose constructor passes the spec (overriding {@link #layout} where the windows differ from
 * BERT's), and one line in {@code META-INF/services/io.github.qa4j.core.model.QaModelProvider}.
 *
 * @param <C> the family's parsed configuration
 */
public abstract class EncoderFamily<C> implements QaModelProvider {

  /** transformers' {@code start_n_top} and {@code end_n_top} when a config has none. */
  private static final int DEFAULT_N_TOP = 5;

  /**
   * The {@code config.json} key that records the beam-search head for a family that transformers
   * has no beam-search class for (BERT, RoBERTa, ...): {@code architectures} cannot say it, and
   * transformers keeps unknown keys as plain attributes.
   */
  public static final String HEAD_KEY = "qa4j_head";

  /** The value of {@link #HEAD_KEY} for the beam-search head. */
  public static final String BEAM_SEARCH_HEAD = "beam_search";

  private final FamilySpec<C> spec;

  /**
   * Declares the family.
   *
   * @param spec what the family states
   */
  protected EncoderFamily(FamilySpec<C> spec) {
    this.spec = spec;
  }

  /** transformers' class for this family with {@code head}, or null when it has none. */
  private String architecture(HeadType head) {
    return head == HeadType.SPAN ? spec.spanArchitecture() : spec.beamArchitecture();
  }

  @Override
  public boolean supports(String modelType) {
    return spec.modelTypes().contains(modelType);
  }

  /** Question first, right padding with the config's {@code pad_token_id} (0 when absent). */
  @Override
  public WindowLayout layout(JsonObject config) {
    return WindowLayout.questionFirst(intOr(config, "pad_token_id", 0));
  }

  /**
   * The beam-search head when the config's {@code architectures} names this family's beam-search
   * class or {@link #HEAD_KEY} says so, else the span head.
   */
  @Override
  public HeadType defaultHead(JsonObject config) {
    JsonElement saved = config.get(HEAD_KEY);
    if (saved != null && saved.isJsonPrimitive()) {
      if (!BEAM_SEARCH_HEAD.equals(saved.getAsString())) {
        throw new IllegalArgumentException(
            "config.json: "
                + HEAD_KEY
                + " is '"
                + saved.getAsString()
                + "', expected '"
                + BEAM_SEARCH_HEAD
                + "' or no such key");
      }
      return HeadType.BEAM_SEARCH;
    }
    String beam = architecture(HeadType.BEAM_SEARCH);
    JsonElement architectures = config.get("architectures");
    if (beam != null && architectures != null && architectures.isJsonArray()) {
      for (JsonElement a : architectures.getAsJsonArray()) {
        if (beam.equals(a.getAsString())) {
          return HeadType.BEAM_SEARCH;
        }
      }
    }
    return HeadType.SPAN;
  }

  /**
   * The head for a configuration: the span head ({@code qa_outputs}) or the beam-search head with
   * the config's {@code start_n_top}, {@code end_n_top} and {@code layer_norm_eps} (transformers'
   * defaults 5, 5 and 1e-12 when absent).
   */
  protected QaHead head(HeadType type, Encoder encoder, JsonObject json) {
    return switch (type) {
      case SPAN -> new SpanHead(encoder.hiddenSize());
      case BEAM_SEARCH ->
          BeamSearchHead.builder()
              .hiddenSize(encoder.hiddenSize())
              .layerNormEps((float) doubleOr(json, "layer_norm_eps", 1e-12))
              .startNTop(intOr(json, "start_n_top", DEFAULT_N_TOP))
              .endNTop(intOr(json, "end_n_top", DEFAULT_N_TOP))
              .build();
    };
  }

  @Override
  public EncoderQaModel load(Path directory, HeadType head, long seed, Device device)
      throws IOException {
    Path configFile = directory.resolve("config.json");
    JsonObject json = QaModels.readConfig(configFile);
    C config = spec.parser().apply(json, configFile);
    EncoderQaModel.Network network = network(config, head, json);
    Map<String, HostTensor> checkpoint = CheckpointFiles.read(directory);
    List<String> headNames = List.copyOf(network.head().namedParameters().keySet());
    List<String> skipped = new ArrayList<>(spec.otherTensors());
    skipped.removeIf(p -> headNames.stream().anyMatch(n -> n.startsWith(p)));
    LoadPolicy policy = new LoadPolicy(headNames, skipped, spec.prefix() + ".");
    NDManager manager = NDManager.newBaseManager(device);
    try {
      LoadReport report =
          ModelWeights.load(
              network.namedParameters(),
              checkpoint,
              directory.toString(),
              policy,
              spec.initializer().apply(config),
              seed,
              manager);
      return model(json, head, network, manager, report);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  @Override
  public EncoderQaModel create(JsonObject json, HeadType head, long seed, Device device) {
    C config = spec.parser().apply(json, Path.of("config"));
    EncoderQaModel.Network network = network(config, head, json);
    Map<String, Parameter> all = network.namedParameters();
    NDManager manager = NDManager.newBaseManager(device);
    try {
      List<String> names = new ArrayList<>(all.keySet());
      ModelWeights.initialize(all, names, spec.initializer().apply(config), seed, manager);
      return model(json, head, network, manager, new LoadReport(List.of(), names, List.of()));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private EncoderQaModel.Network network(C config, HeadType head, JsonObject json) {
    Encoder encoder = spec.encoder().apply(config);
    return new EncoderQaModel.Network(spec.prefix(), encoder, head(head, encoder, json));
  }

  private EncoderQaModel model(
      JsonObject json,
      HeadType head,
      EncoderQaModel.Network network,
      NDManager manager,
      LoadReport report) {
    String modelType =
        json.has("model_type") ? json.get("model_type").getAsString() : spec.modelTypes().get(0);
    return new EncoderQaModel(
        modelType, json, layout(json), architecture(head), network, manager, report);
  }

  /** An integer field of a config, or {@code fallback} when it is absent or null. */
  protected static int intOr(JsonObject json, String field, int fallback) {
    JsonElement e = json.get(field);
    return e == null || e.isJsonNull() ? fallback : e.getAsInt();
  }

  /** A number field of a config, or {@code fallback} when it is absent or null. */
  protected static double doubleOr(JsonObject json, String field, double fallback) {
    JsonElement e = json.get(field);
    return e == null || e.isJsonNull() ? fallback : e.getAsDouble();
  }
}
