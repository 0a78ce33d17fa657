package io.github.qa4j.models.bert;

/** BERT's {@code position_embedding_type}. */
public enum PositionEmbeddingType {
  /** Learned absolute position embeddings added to the token embeddings. */
  ABSOLUTE("absolute"),
  /**
   * Shaw et al.: a learned embedding per query-key distance, scored against the query (no absolute
   * positions).
   */
  RELATIVE_KEY("relative_key"),
  /** Huang et al.: the distance embedding scored against both the query and the key. */
  RELATIVE_KEY_QUERY("relative_key_query");

  private final String configName;

  PositionEmbeddingType(String configName) {
    this.configName = configName;
  }

  /** The value in {@code config.json}. */
  public String configName() {
    return configName;
  }

  /** Whether attention uses a distance embedding. */
  public boolean isRelative() {
    return this != ABSOLUTE;
  }

  /** The type named {@code configName}, or empty. */
  static java.util.Optional<PositionEmbeddingType> of(String configName) {
    for (PositionEmbeddingType t : values()) {
      if (t.configName.equals(configName)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }
}
