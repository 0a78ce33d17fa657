package io.github.qa4j.models.roberta;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.github.qa4j.models.bert.BertConfig;
import io.github.qa4j.models.common.HfConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of a Hugging Face RoBERTa, XLM-RoBERTa or CamemBERT {@code config.json}: BERT's, with
 * transformers' {@code RobertaConfig} defaults ({@code pad_token_id} 1).
 *
 * @param encoder the sizes, read as BERT's; its {@code padTokenId} is RoBERTa's {@code
 *     padding_idx}, from which positions are counted
 */
public record RobertaConfig(BertConfig encoder) {

  /** The {@code model_type} values of the configs this family serves. */
  public static final Set<String> MODEL_TYPES = Set.of("roberta", "xlm-roberta", "camembert");

  /** Checks the argument. */
  public RobertaConfig {
    Objects.requireNonNull(encoder, "encoder");
  }

  /** Model width. */
  public int hiddenSize() {
    return encoder.hiddenSize();
  }

  /**
   * Reads a config; errors name {@code source}, the field and its value.
   *
   * @param json the parsed {@code config.json}
   * @param source its path, for messages
   */
  public static RobertaConfig from(JsonObject json, Path source) {
    JsonObject defaults = new JsonObject();
    defaults.addProperty("pad_token_id", 1);
    JsonObject filled = HfConfig.withDefaults(json, defaults);
    // transformers 5 reads no position_embedding_type for RoBERTa: positions are always absolute.
    filled.addProperty("position_embedding_type", "absolute");
    BertConfig bert = BertConfig.from(filled, source);
    if (bert.maxPositionEmbeddings() <= bert.padTokenId() + 1) {
      throw new HfConfig(json, source)
          .error(
              "max_position_embeddings",
              "must exceed pad_token_id + 1 ("
                  + (bert.padTokenId() + 1)
                  + "), where RoBERTa's positions start",
              new JsonPrimitive(bert.maxPositionEmbeddings()));
    }
    return new RobertaConfig(bert);
  }
}
