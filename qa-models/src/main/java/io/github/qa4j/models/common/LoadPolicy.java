package io.github.qa4j.models.common;

import java.util.List;
import java.util.Objects;

/**
 * How strictly a checkpoint must match a model's parameters.
 *
 * @param initializeIfMissing name prefixes of parameters that may be absent from a checkpoint and
 *     are then initialized (a task head on a pretrained encoder, for example {@code qa_outputs.})
 * @param ignoreIfUnexpected name prefixes of checkpoint tensors that the model does not use and
 *     that are skipped without error (other heads, for example {@code cls.} of a pretraining
 *     checkpoint)
 * @param basePrefix the prefix of the encoder's parameters in a model with a head (transformers'
 *     {@code base_model_prefix} plus a dot, for example {@code bert.}), or empty: as in
 *     transformers, a checkpoint of the bare encoder loads into a model with a head and the other
 *     way round
 */
public record LoadPolicy(
    List<String> initializeIfMissing, List<String> ignoreIfUnexpected, String basePrefix) {

  /** Copies the lists. */
  public LoadPolicy {
    initializeIfMissing = List.copyOf(Objects.requireNonNull(initializeIfMissing));
    ignoreIfUnexpected = List.copyOf(Objects.requireNonNull(ignoreIfUnexpected));
    Objects.requireNonNull(basePrefix, "basePrefix");
  }

  /** Every parameter must be in the checkpoint and every tensor must be used; names as they are. */
  public static LoadPolicy strict() {
    return new LoadPolicy(List.of(), List.of(), "");
  }

  /** Whether a missing parameter may be initialized instead. */
  public boolean mayInitialize(String name) {
    return initializeIfMissing.stream().anyMatch(name::startsWith);
  }

  /** Whether an unused checkpoint tensor may be skipped. */
  public boolean mayIgnore(String name) {
    return ignoreIfUnexpected.stream().anyMatch(name::startsWith);
  }
}
