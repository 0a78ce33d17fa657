package io.github.qa4j.spark;

import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.inference.QuestionAnswerer;
import io.github.qa4j.core.model.Precision;
import java.io.IOException;

/**
 * The one place in qa-spark that configures a {@link QuestionAnswerer}: it maps {@link
 * AnswererOptions} onto the answerer's builder.
 */
public final class AnswererFactory {

  /** The precision by default. */
  public static final String FLOAT32 = Precision.FLOAT32.flag();

  private AnswererFactory() {}

  /**
   * Loads the model named by {@code options.model()} (a local directory or a name the resolver
   * knows) with the options' windows and decoding.
   *
   * @throws IOException when the model cannot be resolved or read
   */
  public static QuestionAnswerer open(AnswererOptions options) throws IOException {
    return QuestionAnswerer.builder()
        .model(options.model())
        .maxSeqLength(options.maxSeqLength())
        .stride(options.stride())
        .batchSize(options.windowBatchSize())
        .maxConcurrency(options.maxConcurrency())
        .topK(options.topK())
        .decoding(
            DecodingOptions.DEFAULTS
                .withMaxAnswerLength(options.maxAnswerLength())
                .withAllowNoAnswer(options.allowNoAnswer())
                .withNullScoreDiffThreshold((float) options.nullScoreDiffThreshold()))
        .precision(requireSupportedPrecision(options.precision()))
        .build();
  }

  /**
   * The precision a flag names ({@code fp32}, {@code bf16}, {@code int8}).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Precision requireSupportedPrecision(String precision) {
    try {
      return Precision.parse(precision);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "precision '" + precision + "' is not supported: expected fp32, bf16 or int8", e);
    }
  }
}
