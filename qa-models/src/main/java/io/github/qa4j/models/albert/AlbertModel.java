package io.github.qa4j.models.albert;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.github.qa4j.models.bert.BertEmbeddings;
import io.github.qa4j.models.bert.BertModel;
import io.github.qa4j.models.bert.PositionIds;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.MultiHeadAttention;
import io.github.qa4j.models.common.ParameterInit;
import java.util.ArrayList;
import java.util.List;

/**
 * The ALBERT encoder (transformers' {@code AlbertModel} without pooler): BERT-style {@code
 * embeddings} of width {@code embedding_size}, {@code encoder.embedding_hidden_mapping_in} to the
 * hidden size, then {@code num_hidden_layers} steps, step {@code i} running every layer of group
 * {@link AlbertConfig#groupOf(int)}, the layers named {@code
 * encoder.albert_layer_groups.G.albert_layers.J}. Its {@link #namedParameters()} carry
 * transformers' names without the {@code albert.} prefix that models with a head add.
 */
public final class AlbertModel extends Encoder {

  private final AlbertConfig config;
  private final BertEmbeddings embeddings;
  private final HfLinear mappingIn;
  private final List<List<AlbertLayer>> groups = new ArrayList<>();

  /**
   * Declares the encoder; its parameters are set by {@link
   * io.github.qa4j.models.common.ModelWeights}.
   */
  public AlbertModel(AlbertConfig config) {
    this.config = config;
    embeddings =
        child(
            "embeddings",
            new BertEmbeddings(config.encoder(), config.embeddingSize(), PositionIds.FROM_ZERO));
    mappingIn =
        child(
            "encoder.embedding_hidden_mapping_in",
            new HfLinear(config.embeddingSize(), config.hiddenSize(), true));
    for (int g = 0; g < config.numHiddenGroups(); g++) {
      List<AlbertLayer> group = new ArrayList<>();
      for (int j = 0; j < config.innerGroupNum(); j++) {
        group.add(
            child(
                "encoder.albert_layer_groups." + g + ".albert_layers." + j,
                new AlbertLayer(config.encoder())));
      }
      groups.add(group);
    }
  }

  /** The architecture. */
  public AlbertConfig config() {
    return config;
  }

  /** Width of the last hidden state. */
  @Override
  public int hiddenSize() {
    return config.hiddenSize();
  }

  /**
   * The last hidden state {@code [batch, seqLen, hidden]}, in the manager of the inputs.
   *
   * @param store parameter values
   * @param inputIds int64 {@code [batch, seqLen]}
   * @param tokenTypeIds int64 {@code [batch, seqLen]}, or null for all zeros
   * @param attentionMask 1 for tokens, 0 for padding, {@code [batch, seqLen]}
   * @param training whether dropout is active
   */
  @Override
  public NDArray sequenceOutput(
      ParameterStore store,
      NDArray inputIds,
      NDArray tokenTypeIds,
      NDArray attentionMask,
      boolean training) {
    NDArray types = tokenTypeIds != null ? tokenTypeIds : inputIds.zerosLike();
    NDArray x = embeddings.apply(store, inputIds, types, training);
    x = mappingIn.apply(store, x, training);
    NDArray mask = MultiHeadAttention.additiveMask(attentionMask);
    for (int i = 0; i < config.encoder().numHiddenLayers(); i++) {
      for (AlbertLayer layer : groups.get(config.groupOf(i))) {
        x = layer.apply(store, x, mask, training);
      }
    }
    return x;
  }

  /**
   * transformers' initialization for ALBERT, which is BERT's ({@link BertModel#initializer}):
   * normal weights, zero biases, unit LayerNorm scales, a zero word row for the padding token.
   */
  public static ParameterInit initializer(AlbertConfig config) {
    return BertModel.initializer(config.encoder());
  }
}
