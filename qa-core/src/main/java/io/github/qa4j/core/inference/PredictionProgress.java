package io.github.qa4j.core.inference;

/**
 * Hears how far a {@link WindowPredictor#predict} call has come, and may stop it. Both methods run
 * on the predicting thread, between forward passes; keep them quick.
 */
@FunctionalInterface
public interface PredictionProgress {

  /** Hears nothing and never stops a call. */
  PredictionProgress NONE = (done, total) -> {};

  /**
   * Called after each forward pass.
   *
   * @param done windows that have been through the model
   * @param total windows of the call
   */
  void windowsDone(long done, long total);

  /**
   * Asked before each forward pass; {@code true} stops the call with a {@link
   * java.util.concurrent.CancellationException}.
   */
  default boolean cancelled() {
    return false;
  }
}
