package io.github.qa4j.models.roberta;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import io.github.qa4j.models.bert.BertEmbeddings;
import io.github.qa4j.models.bert.BertEncoder;
import io.github.qa4j.models.bert.BertModel;
import io.github.qa4j.models.bert.PositionIds;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.MultiHeadAttention;
import io.github.qa4j.models.common.ParameterInit;

/**
 * The RoBERTa encoder (transformers' {@code RobertaModel} without pooler; also XLM-RoBERTa's and
 * CamemBERT's): BERT's embeddings and layers, with position ids counted from {@code padding_idx +
 * 1} over the non-padding tokens. Its {@link #namedParameters()} carry transformers' names without
 * the {@code roberta.} prefix that models with a head add.
 *
 * <p>Token types are not fed: RoBERTa checkpoints have one token type, and without ids every token
 * takes it.
 */
public final class RobertaModel extends Encoder {

  private final RobertaConfig config;
  private final BertEmbeddings embeddings;
  private final BertEncoder encoder;

  /**
   * Declares the encoder; its parameters are set by {@link
   * io.github.qa4j.models.common.ModelWeights}.
   */
  public RobertaModel(RobertaConfig config) {
    this.config = config;
    embeddings =
        child(
            "embeddings",
            new BertEmbeddings(
                config.encoder(), config.hiddenSize(), PositionIds.AFTER_PADDING_ID));
    encoder = child("encoder", new BertEncoder(config.encoder()));
  }

  /** The architecture. */
  public RobertaConfig config() {
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
   * @param inputIds int64 {@code [batch, seqLen]}; padding must carry {@code pad_token_id}, which
   *     positions are counted from
   * @param tokenTypeIds int64 {@code [batch, seqLen]}, or null for all zeros (as RoBERTa is fed)
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
    return encoder.apply(store, x, MultiHeadAttention.additiveMask(attentionMask), training);
  }

  /**
   * transformers' initialization for RoBERTa: BERT's ({@link BertModel#initializer}), and the
   * position row of {@code padding_idx} zero as well.
   */
  public static ParameterInit initializer(RobertaConfig config) {
    return BertModel.initializer(config.encoder())
        .withZeroRow("embeddings.position_embeddings.weight", config.encoder().padTokenId());
  }
}
