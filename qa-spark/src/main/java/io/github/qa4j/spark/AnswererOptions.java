package io.github.qa4j.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * Everything an executor needs to build its {@link io.github.qa4j.core.inference.QuestionAnswerer}:
 * shipped with each task, and the key under which the executor keeps the answerer, so that two
 * models (or one model with two decodings) coexist in one JVM.
 *
 * @param model a Hadoop {@code FileSystem} directory with a scheme ({@code file:}, {@code hdfs:},
 *     {@code s3a:}, ...) that every executor can read, or a name that qa4j's {@code ModelResolver}
 *     resolves on each executor (a local directory, a Hugging Face id, {@code maven:G:A:V})
 * @param precision the arithmetic of matrix products: {@code fp32}, {@code bf16} or {@code int8}
 *     (see {@code Precision})
 * @param maxSeqLength window length in tokens
 * @param stride context tokens shared by consecutive windows
 * @param windowBatchSize windows per forward pass
 * @param maxConcurrency forward passes at once in one executor, across its tasks
 * @param topK answers kept per question (the n-best column's length)
 * @param maxAnswerLength longest answer in tokens
 * @param allowNoAnswer whether "no answer" may win (SQuAD v2 models)
 * @param nullScoreDiffThreshold margin by which "no answer" must beat the best span
 */
public record AnswererOptions(
    String model,
    String precision,
    int maxSeqLength,
    int stride,
    int windowBatchSize,
    int maxConcurrency,
    int topK,
    int maxAnswerLength,
    boolean allowNoAnswer,
    double nullScoreDiffThreshold)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Checks what can be checked without loading the model. */
  public AnswererOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(precision, "precision");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model location is blank");
    }
    positive("maxSeqLength", maxSeqLength);
    positive("windowBatchSize", windowBatchSize);
    positive("maxConcurrency", maxConcurrency);
    positive("topK", topK);
    positive("maxAnswerLength", maxAnswerLength);
    if (stride < 0 || stride >= maxSeqLength) {
      throw new IllegalArgumentException(
          "stride must be in [0, maxSeqLength=" + maxSeqLength + "), got " + stride);
    }
    if (Double.isNaN(nullScoreDiffThreshold)) {
      throw new IllegalArgumentException("nullScoreDiffThreshold is NaN");
    }
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  /** The same options for a model found elsewhere (an executor's local copy). */
  AnswererOptions withModel(String location) {
    return new AnswererOptions(
        location,
        precision,
        maxSeqLength,
        stride,
        windowBatchSize,
        maxConcurrency,
        topK,
        maxAnswerLength,
        allowNoAnswer,
        nullScoreDiffThreshold);
  }
}
