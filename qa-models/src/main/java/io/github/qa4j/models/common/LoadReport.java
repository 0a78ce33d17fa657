package io.github.qa4j.models.common;

import java.util.List;

/**
 * What loading a checkpoint did.
 *
 * @param loaded parameters read from the checkpoint
 * @param initialized parameters the checkpoint lacked, initialized as transformers does
 * @param ignored checkpoint tensors the model does not use, skipped as the policy allows
 */
public record LoadReport(List<String> loaded, List<String> initialized, List<String> ignored) {

  /** Copies the lists. */
  public LoadReport {
    loaded = List.copyOf(loaded);
    initialized = List.copyOf(initialized);
    ignored = List.copyOf(ignored);
  }
}
