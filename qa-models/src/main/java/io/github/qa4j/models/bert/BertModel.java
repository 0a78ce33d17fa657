package io.github.qa4j.models.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.MultiHeadAttention;
import io.github.qa4j.models.common.ParameterInit;

/**
 * The BERT encoder (transformers' {@code BertModel}): {@code embeddings}, {@code encoder} and,
 * optionally, {@code pooler}. Its {@link #namedParameters()} carry transformers' names without the
 * {@code bert.} prefix that models with a head add.
 *
 * <p>Forward inputs: {@code input_ids}, {@code token_type_ids} and {@code attention_mask}, each
 * int64 {@code [batch, seqLen]}; outputs: the last hidden state {@code [batch, seqLen, hidden]}
 * and, with a pooler, the pooled output {@code [batch, hidden]}. Results live in the manager of the
 * input ids.
 */
public final class BertModel extends Encoder {

  private final BertConfig config;
  private final BertEmbeddings embeddings;
  private final BertEncoder encoder;
  private final BertPooler pooler;

  /**
   * Declares the encoder; its parameters are set by {@link
   * io.github.qa4j.models.common.ModelWeights}.
   *
   * @param config the architecture
   * @param withPooler whether to include {@code pooler.dense} (pretraining and conversion need it;
   *     question answering does not, as in transformers' {@code BertForQuestionAnswering})
   */
  public BertModel(BertConfig config, boolean withPooler) {
    this.config = config;
    embeddings = child("embeddings", new BertEmbeddings(config));
    encoder = child("encoder", new BertEncoder(config));
    pooler = withPooler ? child("pooler", new BertPooler(config)) : null;
  }

  /** The architecture. */
  public BertConfig config() {
    return config;
  }

  @Override
  public int hiddenSize() {
    return config.hiddenSize();
  }

  /** Whether the model has a pooler. */
  public boolean hasPooler() {
    return pooler != null;
  }

  /**
   * The last hidden state.
   *
   * @param store parameter values
   * @param inputIds int64 {@code [batch, seqLen]}
   * @param tokenTypeIds int64 {@code [batch, seqLen]}, or null for all zeros
   * @param attentionMask 1 for tokens, 0 for padding, {@code [batch, seqLen]}, or null for none
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
    NDArray mask = attentionMask != null ? attentionMask : inputIds.onesLike();
    return encoder.apply(store, x, MultiHeadAttention.additiveMask(mask), training);
  }

  /** {@code tanh(pooler.dense(h[:, 0]))}; only for a model built with a pooler. */
  public NDArray pooledOutput(ParameterStore store, NDArray sequenceOutput, boolean training) {
    if (pooler == null) {
      throw new IllegalStateException("this BertModel was built without a pooler");
    }
    return pooler.apply(store, sequenceOutput, training);
  }

  /**
   * transformers' initialization for BERT: normal weights with {@code initializer_range}, zero
   * biases, unit LayerNorm scales, and a zero embedding row for the padding token.
   */
  public static ParameterInit initializer(BertConfig config) {
    return ParameterInit.transformers(config.initializerRange())
        .withZeroRow("embeddings.word_embeddings.weight", config.padTokenId());
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray sequence = sequenceOutput(store, inputs.get(0), inputs.get(1), inputs.get(2), training);
    return pooler == null
        ? new NDList(sequence)
        : new NDList(sequence, pooledOutput(store, sequence, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    Shape sequence = in.add(config.hiddenSize());
    return pooler == null
        ? new Shape[] {sequence}
        : new Shape[] {sequence, new Shape(in.get(0), config.hiddenSize())};
  }
}
