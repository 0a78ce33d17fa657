package io.github.qa4j.core.train;

import com.google.common.base.Preconditions;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.train.optim.AdamWOptions;
import io.github.qa4j.core.train.optim.ScheduleOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The settings of a {@link QaTrainer}, with the defaults of transformers' {@code run_qa.py} and
 * Trainer. Windows, decoding and the optimizer are groups of their own, each the one home of its
 * settings and defaults (as the learning-rate schedule and the logging, evaluation and checkpoint
 * {@link Strategies} are); built by {@link QaTrainer.Builder}.
 *
 * @param head span head or beam-search (answerability) head
 * @param windows window length and stride
 * @param decoding how evaluation turns scores into answers; {@link DecodingOptions#allowNoAnswer()}
 *     also selects the SQuAD v2 metric
 * @param optimizer AdamW's settings
 * @param schedule the learning-rate schedule and its warmup
 * @param batchSize training windows per device per micro-batch ({@code
 *     --per_device_train_batch_size})
 * @param evalBatchSize evaluation windows per device per batch ({@code
 *     --per_device_eval_batch_size})
 * @param padToMaxLength whether batches keep the full window length ({@code --pad_to_max_length});
 *     false pads each batch to its longest window, as transformers' {@code DataCollatorWithPadding}
 *     does: evaluation gives the same answers, training the loss transformers computes on such
 *     batches
 * @param groupByLength whether training batches group windows of like length ({@code
 *     --group_by_length}, see {@link LengthGrouping})
 * @param precision the arithmetic of matrix products in evaluation ({@code --precision})
 * @param bf16 bf16 mixed-precision training ({@code --bf16}): bfloat16 products on the float32
 *     parameters
 * @param precisionFallback whether a precision this CPU cannot run falls back to float32
 * @param maxGradNorm global gradient-norm clipping threshold; 0 disables clipping
 * @param epochs number of passes over the training windows (may be fractional)
 * @param maxSteps when positive, the number of optimizer steps, overriding {@code epochs}
 * @param gradientAccumulationSteps micro-batches per optimizer step
 * @param seed seed of initialization, data order and dropout
 * @param strategies when the run logs, evaluates and writes checkpoints, and which it keeps
 * @param outputDir where the model, checkpoints, results and predictions are written; may be null
 */
public record TrainingConfig(
    HeadType head,
    WindowOptions windows,
    DecodingOptions decoding,
    AdamWOptions optimizer,
    ScheduleOptions schedule,
    int batchSize,
    int evalBatchSize,
    boolean padToMaxLength,
    boolean groupByLength,
    Precision precision,
    boolean bf16,
    boolean precisionFallback,
    double maxGradNorm,
    double epochs,
    long maxSteps,
    int gradientAccumulationSteps,
    long seed,
    Strategies strategies,
    Path outputDir) {

  /** Checks every number, naming the {@code run_qa.py} flag that is out of range. */
  public TrainingConfig {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(windows, "windows");
    Objects.requireNonNull(decoding, "decoding");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(strategies, "strategies");
    Objects.requireNonNull(precision, "precision");
    positive("per_device_train_batch_size", batchSize);
    positive("per_device_eval_batch_size", evalBatchSize);
    positive("gradient_accumulation_steps", gradientAccumulationSteps);
    nonNegative("max_grad_norm", maxGradNorm);
    nonNegative("num_train_epochs", epochs);
    nonNegative("max_steps", maxSteps);
  }

  private static void positive(String flag, long value) {
    Preconditions.checkArgument(value > 0, "%s must be > 0, got %s", flag, value);
  }

  private static void nonNegative(String flag, double value) {
    Preconditions.checkArgument(value >= 0, "%s must be >= 0, got %s", flag, value);
  }
}
