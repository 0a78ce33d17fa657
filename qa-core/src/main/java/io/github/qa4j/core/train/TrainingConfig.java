package io.github.qa4j.core.train;

import io.github.qa4j.core.model.HeadType;
import java.nio.file.Path;

/**
 * The settings of a {@link QaTrainer}, with the defaults of transformers' {@code run_qa.py} and
 * Trainer. Built by {@link QaTrainer.Builder}.
 *
 * @param head span head or beam-search (answerability) head
 * @param versionTwoWithNegative whether questions may have no answer (SQuAD v2)
 * @param maxSeqLength window length in tokens
 * @param stride context tokens shared by consecutive windows
 * @param batchSize training windows per device per micro-batch
 * @param evalBatchSize evaluation windows per device per batch
 * @param learningRate peak learning rate
 * @param weightDecay decoupled weight decay (not on biases and LayerNorm)
 * @param adamBeta1 AdamW beta1
 * @param adamBeta2 AdamW beta2
 * @param adamEpsilon AdamW epsilon
 * @param maxGradNorm global gradient-norm clipping threshold; 0 disables clipping
 * @param epochs number of passes over the training windows (may be fractional)
 * @param maxSteps when positive, the number of optimizer steps, overriding {@code epochs}
 * @param warmupRatio fraction of the steps used for linear warmup (used when warmupSteps is 0)
 * @param warmupSteps optimizer steps of linear warmup
 * @param gradientAccumulationSteps micro-batches per optimizer step
 * @param seed seed of initialization, data order and dropout
 * @param loggingSteps steps between loss-log entries
 * @param saveSteps steps between checkpoints; 0 saves none
 * @param nBestSize candidates kept per question when decoding
 * @param maxAnswerLength longest answer in tokens
 * @param nullScoreDiffThreshold margin by which "no answer" must beat the best span (SQuAD v2)
 * @param outputDir where the model, checkpoints, results and predictions are written; may be null
 */
public record TrainingConfig(
    HeadType head,
    boolean versionTwoWithNegative,
    int maxSeqLength,
    int stride,
    int batchSize,
    int evalBatchSize,
    double learningRate,
    double weightDecay,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    double maxGradNorm,
    double epochs,
    long maxSteps,
    double warmupRatio,
    long warmupSteps,
    int gradientAccumulationSteps,
    long seed,
    long loggingSteps,
    long saveSteps,
    int nBestSize,
    int maxAnswerLength,
    double nullScoreDiffThreshold,
    Path outputDir) {

  /** Checks every number, naming the setting that is out of range. */
  public TrainingConfig {
    positive("maxSeqLength", maxSeqLength);
    positive("batchSize", batchSize);
    positive("evalBatchSize", evalBatchSize);
    positive("gradientAccumulationSteps", gradientAccumulationSteps);
    positive("loggingSteps", loggingSteps);
    positive("nBestSize", nBestSize);
    positive("maxAnswerLength", maxAnswerLength);
    if (stride < 0 || stride >= maxSeqLength) {
      throw new IllegalArgumentException(
          "stride must be in [0, maxSeqLength): stride="
              + stride
              + ", maxSeqLength="
              + maxSeqLength);
    }
    nonNegative("learningRate", learningRate);
    nonNegative("weightDecay", weightDecay);
    nonNegative("maxGradNorm", maxGradNorm);
    nonNegative("epochs", epochs);
    nonNegative("maxSteps", maxSteps);
    nonNegative("warmupSteps", warmupSteps);
    nonNegative("saveSteps", saveSteps);
    if (!(warmupRatio >= 0 && warmupRatio <= 1)) {
      throw new IllegalArgumentException("warmupRatio must be in [0, 1], got " + warmupRatio);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  private static void nonNegative(String name, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }
}
