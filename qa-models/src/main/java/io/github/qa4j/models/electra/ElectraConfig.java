package io.github.qa4j.models.electra;

import com.google.gson.JsonObject;
import io.github.qa4j.models.bert.BertConfig;
import io.github.qa4j.models.common.HfConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The fields of a Hugging Face ELECTRA {@code config.json}: BERT's, plus the width of the
 * embeddings.
 *
 * @param encoder the sizes of the layers, read as BERT's
 * @param embeddingSize width of the embedding tables ({@code embedding_size})
 */
public record ElectraConfig(BertConfig encoder, int embeddingSize) {

  /** The {@code model_type} of the configs this family serves. */
  public static final String MODEL_TYPE = "electra";

  /** Checks the arguments. */
  public ElectraConfig {
    Objects.requireNonNull(encoder, "encoder");
    if (embeddingSize < 1) {
      throw new IllegalArgumentException("embedding_size must be positive, got " + embeddingSize);
    }
  }

  /** Model width. */
  public int hiddenSize() {
    return encoder.hiddenSize();
  }

  /** Whether {@code embeddings_project} maps the embeddings to the hidden size. */
  public boolean projectsEmbeddings() {
    return embeddingSize != encoder.hiddenSize();
  }

  /**
   * Reads a config; errors name {@code source}, the field and its value.
   *
   * @param json the parsed {@code config.json}
   * @param source its path, for messages
   */
  public static ElectraConfig from(JsonObject json, Path source) {
    JsonObject filled = json.deepCopy();
    // transformers 5 reads no position_embedding_type for ELECTRA: positions are always absolute.
    filled.addProperty("position_embedding_type", "absolute");
    return new ElectraConfig(
        BertConfig.from(filled, source), new HfConfig(json, source).positiveInt("embedding_size"));
  }
}
