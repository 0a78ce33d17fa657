package io.github.qa4j.core.train.optim;

/**
 * The learning rate of each optimizer step, as the {@code LambdaLR} schedules of transformers'
 * {@code get_scheduler} give it. Made by {@link ScheduleOptions#create}.
 */
public interface LearningRateSchedule {

  /**
   * The learning rate of the optimizer step that follows {@code completedSteps} earlier steps. As
   * in transformers, the first step of a run with warmup uses a learning rate of zero.
   */
  double learningRate(long completedSteps);

  /** The fraction of the peak reached after {@code completedSteps} of {@code warmupSteps}. */
  static double warmupFactor(long completedSteps, long warmupSteps) {
    return (double) completedSteps / Math.max(1, warmupSteps);
  }
}
