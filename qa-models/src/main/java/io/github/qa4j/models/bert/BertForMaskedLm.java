package io.github.qa4j.models.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.models.common.CheckpointFiles;
import io.github.qa4j.models.common.LoadPolicy;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.common.NamedBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * BERT with its masked-language-model head, transformers' {@code BertForMaskedLM}: parameters
 * {@code bert.*} (no pooler) and {@code cls.predictions.*}, the decoder tied to the word
 * embeddings. Used to check pretrained weights (fill in {@code [MASK]}).
 *
 * <p>Owns an {@link NDManager} with its parameters; {@link #close()} frees them. Logits live in the
 * manager of the input ids.
 */
public final class BertForMaskedLm implements AutoCloseable {

  /** Pretraining tensors this model does not use; the decoder is tied, so a stored copy is too. */
  private static final List<String> IGNORED =
      List.of(
          "bert.pooler.",
          "cls.seq_relationship.",
          "cls.predictions.decoder.",
          "bert.embeddings.position_ids");

  private final Network network;
  private final NDManager manager;

  private BertForMaskedLm(Network network, NDManager manager) {
    this.network = network;
    this.manager = manager;
  }

  /**
   * Loads a Hugging Face model directory that has the masked-LM head ({@code cls.predictions.*}).
   *
   * @throws IOException when a file is missing or invalid, or a parameter is missing, unexpected or
   *     wrongly shaped (named in the message)
   */
  public static BertForMaskedLm load(Path directory, Device device) throws IOException {
    Path configFile = directory.resolve("config.json");
    JsonObject json = QaModels.readConfig(configFile);
    BertConfig config = BertConfig.from(json, configFile);
    Network network = new Network(config);
    Map<String, HostTensor> checkpoint = CheckpointFiles.read(directory);
    NDManager manager = NDManager.newBaseManager(device);
    try {
      ModelWeights.load(
          network.namedParameters(),
          checkpoint,
          directory.toString(),
          new LoadPolicy(List.of(), IGNORED, "bert."),
          BertModel.initializer(config),
          0,
          manager);
      return new BertForMaskedLm(network, manager);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Vocabulary logits {@code [batch, seqLen, vocab]}.
   *
   * @param store parameter values
   * @param inputIds int64 {@code [batch, seqLen]}
   * @param tokenTypeIds int64 {@code [batch, seqLen]}, or null for all zeros
   * @param attentionMask 1 for tokens, 0 for padding
   */
  public NDArray logits(
      ParameterStore store, NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask) {
    NDArray sequence =
        network.bert.sequenceOutput(store, inputIds, tokenTypeIds, attentionMask, false);
    return network.head.apply(store, sequence, false);
  }

  /** The encoder. */
  public BertModel encoder() {
    return network.bert;
  }

  /** Every parameter by Hugging Face name (the tied decoder weight appears once, as embedding). */
  public Map<String, Parameter> namedParameters() {
    return network.namedParameters();
  }

  @Override
  public void close() {
    manager.close();
  }

  /** {@code bert} and {@code cls.predictions} (transformers' {@code BertOnlyMLMHead}). */
  private static final class Network extends NamedBlock {
    private final BertModel bert;
    private final BertLmPredictionHead head;

    Network(BertConfig config) {
      bert = child("bert", new BertModel(config, false));
      Parameter words = bert.namedParameters().get("embeddings.word_embeddings.weight");
      head = child("cls", new Cls(new BertLmPredictionHead(config, words))).predictions;
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray sequence =
          bert.sequenceOutput(store, inputs.get(0), inputs.get(1), inputs.get(2), training);
      return new NDList(head.apply(store, sequence, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return head.getOutputShapes(new Shape[] {bert.getOutputShapes(inputShapes)[0]});
    }
  }

  /** The {@code cls} namespace holding {@code predictions}. */
  private static final class Cls extends NamedBlock {
    private final BertLmPredictionHead predictions;

    Cls(BertLmPredictionHead predictions) {
      this.predictions = child("predictions", predictions);
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      return predictions.forward(store, inputs, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return predictions.getOutputShapes(inputShapes);
    }
  }
}
