package io.github.qa4j.core.train;

import java.nio.file.Path;

/**
 * Receives progress from a {@link QaTrainer}. Methods run on the training thread, between steps;
 * keep them quick. Every method has an empty default.
 */
public interface TrainingListener {

  /** Training starts: sizes of the run. */
  default void onTrainBegin(TrainBegin event) {}

  /** One optimizer step finished. */
  default void onStepEnd(StepEnd event) {}

  /**
   * A logging interval finished ({@code loggingSteps}); the entry also goes to trainer_state.json.
   */
  default void onLog(LogEntry entry) {}

  /** A checkpoint was written. */
  default void onCheckpoint(Path directory) {}

  /** Training ended, normally or by cancellation. */
  default void onTrainEnd(TrainResult result) {}

  /** Evaluation progress: {@code done} of {@code total} windows have been through the model. */
  default void onEvaluationProgress(long done, long total) {}

  /** An evaluation finished. */
  default void onEvaluate(EvalResult result) {}

  /**
   * Sizes of a training run.
   *
   * @param examples training questions
   * @param features training windows
   * @param totalSteps optimizer steps planned
   * @param startStep the step training starts from (non-zero when resuming)
   * @param devices number of devices the batch is split over
   */
  record TrainBegin(long examples, long features, long totalSteps, long startStep, int devices) {}

  /**
   * One optimizer step.
   *
   * @param step steps done, this one included
   * @param totalSteps steps planned
   * @param epoch fractional epoch reached
   * @param loss mean training loss of the step's batches
   * @param learningRate the learning rate the step used
   * @param gradNorm global gradient norm before clipping
   * @param samplesPerSecond training windows per second since training started
   */
  record StepEnd(
      long step,
      long totalSteps,
      double epoch,
      double loss,
      double learningRate,
      double gradNorm,
      double samplesPerSecond) {}

  /**
   * An entry of the loss log, with transformers' {@code log_history} keys.
   *
   * @param step the step at the end of the interval
   * @param epoch fractional epoch
   * @param loss mean loss over the interval
   * @param learningRate learning rate of the last step
   * @param gradNorm gradient norm of the last step
   */
  record LogEntry(long step, double epoch, double loss, double learningRate, double gradNorm) {}
}
