package io.github.qa4j.models.distilbert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.MultiHeadAttention;
import io.github.qa4j.models.common.ParameterInit;
import java.util.ArrayList;
import java.util.List;

/**
 * The DistilBERT encoder (transformers' {@code DistilBertModel}): {@code embeddings} and {@code
 * transformer.layer.N}. Its {@link #namedParameters()} carry transformers' names without the {@code
 * distilbert.} prefix that models with a head add. DistilBERT has no token types.
 */
public final class DistilBertModel extends Encoder {

  private static final String POSITIONS = "embeddings.position_embeddings.weight";

  private final DistilBertConfig config;
  private final DistilBertEmbeddings embeddings;
  private final List<DistilBertLayer> layers = new ArrayList<>();

  /**
   * Declares the encoder; its parameters are set by {@link
   * io.github.qa4j.models.common.ModelWeights}.
   */
  public DistilBertModel(DistilBertConfig config) {
    this.config = config;
    embeddings = child("embeddings", new DistilBertEmbeddings(config));
    for (int i = 0; i < config.nLayers(); i++) {
      layers.add(child("transformer.layer." + i, new DistilBertLayer(config)));
    }
  }

  /** The architecture. */
  public DistilBertConfig config() {
    return config;
  }

  /** Width of the last hidden state. */
  @Override
  public int hiddenSize() {
    return config.dim();
  }

  /**
   * The last hidden state {@code [batch, seqLen, dim]}, in the manager of the inputs.
   *
   * @param store parameter values
   * @param inputIds int64 {@code [batch, seqLen]}
   * @param tokenTypeIds ignored (DistilBERT has no token types); may be null
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
    NDArray x = embeddings.apply(store, inputIds, training);
    NDArray mask = MultiHeadAttention.additiveMask(attentionMask);
    for (DistilBertLayer layer : layers) {
      x = layer.apply(store, x, mask, training);
    }
    return x;
  }

  /**
   * transformers' initialization for DistilBERT: normal weights with {@code initializer_range},
   * zero biases, unit LayerNorm scales, a zero word row for the padding token, and with {@code
   * sinusoidal_pos_embds} the position table {@code sin(p / 10000^(2i / dim))} in even columns
   * {@code 2i} and {@code cos(p / 10000^(2i / dim))} in odd columns {@code 2i + 1}.
   */
  public static ParameterInit initializer(DistilBertConfig config) {
    ParameterInit base =
        ParameterInit.transformers(config.initializerRange())
            .withZeroRow("embeddings.word_embeddings.weight", config.padTokenId());
    if (!config.sinusoidalPosEmbds()) {
      return base;
    }
    return (name, shape, random) ->
        name.endsWith(POSITIONS) ? sinusoids(shape) : base.values(name, shape, random);
  }

  /** The sinusoid table, computed in double and rounded once, as transformers does with numpy. */
  private static float[] sinusoids(Shape shape) {
    int rows = Math.toIntExact(shape.get(0));
    int dim = Math.toIntExact(shape.get(1));
    float[] v = new float[rows * dim];
    for (int p = 0; p < rows; p++) {
      for (int j = 0; j < dim; j++) {
        double angle = p / Math.pow(10000, 2.0 * (j / 2) / dim);
        v[p * dim + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
      }
    }
    return v;
  }
}
