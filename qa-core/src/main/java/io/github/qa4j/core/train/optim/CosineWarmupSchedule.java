package io.github.qa4j.core.train.optim;

import com.google.common.base.Preconditions;

/**
 * Linear warmup to the peak learning rate, then half a cosine wave down to zero at the last step,
 * as transformers' {@code get_cosine_schedule_with_warmup} with its default {@code num_cycles} of
 * 0.5.
 *
 * @param peak the learning rate reached at the end of warmup
 * @param warmupSteps optimizer steps of warmup
 * @param totalSteps optimizer steps in the whole run
 */
public record CosineWarmupSchedule(double peak, long warmupSteps, long totalSteps)
    implements LearningRateSchedule {

  /** Checks the arguments. */
  public CosineWarmupSchedule {
    Preconditions.checkArgument(
        peak >= 0 && warmupSteps >= 0 && totalSteps >= 0,
        "learning rate, warmup and total steps must be >= 0: %s, %s, %s",
        peak,
        warmupSteps,
        totalSteps);
  }

  @Override
  public double learningRate(long completedSteps) {
    if (completedSteps < warmupSteps) {
      return peak * LearningRateSchedule.warmupFactor(completedSteps, warmupSteps);
    }
    double progress =
        (double) (completedSteps - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    // transformers: 0.5 * (1 + cos(pi * num_cycles * 2 * progress)) with num_cycles = 0.5.
    return peak * Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * progress)));
  }
}
