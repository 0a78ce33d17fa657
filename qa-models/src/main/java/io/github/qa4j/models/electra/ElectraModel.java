package io.github.qa4j.models.electra;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.github.qa4j.models.bert.BertEmbeddings;
import io.github.qa4j.models.bert.BertEncoder;
import io.github.qa4j.models.bert.BertModel;
import io.github.qa4j.models.bert.PositionIds;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.HfLinear;
import io.github.qa4j.models.common.MultiHeadAttention;
import io.github.qa4j.models.common.ParameterInit;

/**
 * The ELECTRA encoder (transformers' {@code ElectraModel}): {@code embeddings} of width {@code
 * embedding_size}, {@code embeddings_project} to the hidden size when the widths differ, and BERT
 * layers as {@code encoder}. Its {@link #namedParameters()} carry transformers' names without the
 * {@code electra.} prefix that models with a head add.
 */
public final class ElectraModel extends Encoder {

  private final ElectraConfig config;
  private final BertEmbeddings embeddings;
  private final HfLinear embeddingsProject;
  private final BertEncoder encoder;

  /**
   * Declares the encoder; its parameters are set by {@link
   * io.github.qa4j.models.common.ModelWeights}.
   */
  public ElectraModel(ElectraConfig config) {
    this.config = config;
    embeddings =
        child(
            "embeddings",
            new BertEmbeddings(config.encoder(), config.embeddingSize(), PositionIds.FROM_ZERO));
    embeddingsProject =
        config.projectsEmbeddings()
            ? child(
                "embeddings_project",
                new HfLinear(config.embeddingSize(), config.hiddenSize(), true))
            : null;
    encoder = child("encoder", new BertEncoder(config.encoder()));
  }

  /** The architecture. */
  public ElectraConfig config() {
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
    if (embeddingsProject != null) {
      x = embeddingsProject.apply(store, x, training);
    }
    return encoder.apply(store, x, MultiHeadAttention.additiveMask(attentionMask), training);
  }

  /**
   * transformers' initialization for ELECTRA, which is BERT's ({@link BertModel#initializer}):
   * normal weights, zero biases, unit LayerNorm scales, a zero word row for the padding token.
   */
  public static ParameterInit initializer(ElectraConfig config) {
    return BertModel.initializer(config.encoder());
  }
}
