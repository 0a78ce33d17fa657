package io.github.qa4j.spark;

import io.github.qa4j.core.inference.QuestionAnswerer;
import java.io.IOException;
import java.util.Locale;

/**
 * The one place in qa-spark that configures a {@link QuestionAnswerer}: it maps {@link
 * AnswererOptions} onto the answerer's builder.
 */
public final class AnswererFactory {

  /** The precision qa4j's answerer runs in today. */
  public static final String FLOAT32 = "float32";

  private AnswererFactory() {}

  /**
   * Loads the model named by {@code options.model()} (a local directory or a name the resolver
   * knows) with the options' windows and decoding.
   *
   * @throws IOException when the model cannot be resolved or read
   */
  public static QuestionAnswerer open(AnswererOptions options) throws IOException {
    requireSupportedPrecision(options.precision());
    return QuestionAnswerer.builder()
        .model(options.model())
        .maxSeqLength(options.maxSeqLength())
        .stride(options.stride())
        .batchSize(options.windowBatchSize())
        .maxConcurrency(options.maxConcurrency())
        .topK(options.topK())
        .maxAnswerLength(options.maxAnswerLength())
        .allowNoAnswer(options.allowNoAnswer())
        .nullScoreDiffThreshold(options.nullScoreDiffThreshold())
        .build();
  }

  /** Fails on a precision the answerer does not offer, naming it and the ones it does. */
  public static void requireSupportedPrecision(String precision) {
    if (!FLOAT32.equals(precision.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "precision '" + precision + "' is not supported; qa4j answers in " + FLOAT32);
    }
  }
}
