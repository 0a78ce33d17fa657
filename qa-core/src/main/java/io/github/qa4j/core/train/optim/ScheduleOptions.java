package io.github.qa4j.core.train.optim;

import com.google.common.base.Preconditions;
import java.util.Objects;

/**
 * The learning-rate schedule of a run, with the defaults of transformers' {@code
 * TrainingArguments}: the one home of these settings, taken by the trainer and the CLI.
 *
 * @param type the shape ({@code --lr_scheduler_type}, linear)
 * @param warmupRatio fraction of the steps used for warmup when {@code warmupSteps} is 0 ({@code
 *     --warmup_ratio}, 0)
 * @param warmupSteps optimizer steps of warmup ({@code --warmup_steps}, 0)
 */
public record ScheduleOptions(SchedulerType type, double warmupRatio, long warmupSteps) {

  /** transformers' defaults: linear decay, no warmup. */
  public static final ScheduleOptions DEFAULTS = new ScheduleOptions(SchedulerType.LINEAR, 0, 0);

  /** Checks the ranges, naming the flag that is out of range. */
  public ScheduleOptions {
    Objects.requireNonNull(type, "type");
    Preconditions.checkArgument(
        warmupRatio >= 0 && warmupRatio <= 1,
        "warmup_ratio must be in [0, 1], got %s",
        warmupRatio);
    Preconditions.checkArgument(warmupSteps >= 0, "warmup_steps must be >= 0, got %s", warmupSteps);
  }

  /** These options with another shape. */
  public ScheduleOptions withType(SchedulerType value) {
    return new ScheduleOptions(value, warmupRatio, warmupSteps);
  }

  /** These options with another warmup ratio. */
  public ScheduleOptions withWarmupRatio(double value) {
    return new ScheduleOptions(type, value, warmupSteps);
  }

  /** These options with another number of warmup steps. */
  public ScheduleOptions withWarmupSteps(long value) {
    return new ScheduleOptions(type, warmupRatio, value);
  }

  /**
   * Warmup steps of a run of {@code totalSteps}: {@code warmupSteps} when positive, else the ratio
   * of the total rounded up, as transformers' {@code get_warmup_steps}.
   */
  public long warmupStepsOf(long totalSteps) {
    return warmupSteps > 0 ? warmupSteps : (long) Math.ceil(warmupRatio * totalSteps);
  }

  /** The schedule of a run of {@code totalSteps} optimizer steps peaking at {@code peak}. */
  public LearningRateSchedule create(double peak, long totalSteps) {
    Preconditions.checkArgument(peak >= 0, "learning_rate must be >= 0, got %s", peak);
    Preconditions.checkArgument(totalSteps >= 0, "total steps must be >= 0, got %s", totalSteps);
    long warmup = warmupStepsOf(totalSteps);
    return switch (type) {
      case LINEAR -> new LinearWarmupSchedule(peak, warmup, totalSteps);
      case COSINE -> new CosineWarmupSchedule(peak, warmup, totalSteps);
      case CONSTANT -> step -> peak;
      case CONSTANT_WITH_WARMUP ->
          step -> step < warmup ? peak * LearningRateSchedule.warmupFactor(step, warmup) : peak;
    };
  }
}
