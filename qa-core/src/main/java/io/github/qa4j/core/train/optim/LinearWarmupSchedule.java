package io.github.qa4j.core.train.optim;

/**
 * Linear warmup to the peak learning rate, then linear decay to zero, as transformers' {@code
 * get_linear_schedule_with_warmup}.
 *
 * @param peak the learning rate reached at the end of warmup
 * @param warmupSteps optimizer steps of warmup
 * @param totalSteps optimizer steps in the whole run
 */
public record LinearWarmupSchedule(double peak, long warmupSteps, long totalSteps)
    implements LearningRateSchedule {

  /** Checks the arguments. */
  public LinearWarmupSchedule {
    if (peak < 0 || warmupSteps < 0 || totalSteps < 0) {
      throw new IllegalArgumentException(
          "learning rate, warmup and total steps must be >= 0: "
              + peak
              + ", "
              + warmupSteps
              + ", "
              + totalSteps);
    }
  }

  @Override
  public double learningRate(long completedSteps) {
    if (completedSteps < warmupSteps) {
      return peak * LearningRateSchedule.warmupFactor(completedSteps, warmupSteps);
    }
    return peak
        * Math.max(
            0.0, (double) (totalSteps - completedSteps) / Math.max(1, totalSteps - warmupSteps));
  }
}
