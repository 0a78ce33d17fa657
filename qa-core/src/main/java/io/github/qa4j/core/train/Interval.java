package io.github.qa4j.core.train;

import com.google.common.base.Preconditions;
import java.util.Objects;

/**
 * When a recurring action (logging, evaluation, a checkpoint) happens in a training run.
 *
 * @param strategy never, every {@code steps} optimizer steps, or at the end of each epoch
 * @param steps the period under {@link IntervalStrategy#STEPS}; above 0 there, ignored otherwise
 */
public record Interval(IntervalStrategy strategy, long steps) {

  /** Never. */
  public static final Interval NEVER = new Interval(IntervalStrategy.NO, 0);

  /** Checks that a step period is positive. */
  public Interval {
    Objects.requireNonNull(strategy, "strategy");
    Preconditions.checkArgument(
        strategy != IntervalStrategy.STEPS || steps > 0,
        "a steps interval needs a period above 0, got %s",
        steps);
  }

  /** Every {@code steps} optimizer steps. */
  public static Interval everySteps(long steps) {
    return new Interval(IntervalStrategy.STEPS, steps);
  }

  /** At the end of each epoch. */
  public static Interval everyEpoch() {
    return new Interval(IntervalStrategy.EPOCH, 0);
  }

  /**
   * Whether the action is due after optimizer step {@code step} (counted from 1) of a run of {@code
   * totalSteps} with {@code stepsPerEpoch} steps an epoch. The last, possibly partial, epoch ends
   * with the run.
   */
  boolean due(long step, long stepsPerEpoch, long totalSteps) {
    return switch (strategy) {
      case NO -> false;
      case STEPS -> step % steps == 0;
      case EPOCH -> step % stepsPerEpoch == 0 || step == totalSteps;
    };
  }
}
