package io.github.qa4j.core.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param globalStep optimizer steps done in total (including those before a resume)
 * @param trainingLoss mean loss over the steps of this run
 * @param runtimeSeconds wall time of this run
 * @param samplesPerSecond training windows per second
 * @param trainSamples training windows per epoch
 * @param stepLosses the loss of every step of this run, in order
 * @param cancelled whether {@link QaTrainer#cancel()} stopped the run early
 */
public record TrainResult(
    long globalStep,
    double trainingLoss,
    double runtimeSeconds,
    double samplesPerSecond,
    long trainSamples,
    List<Double> stepLosses,
    boolean cancelled) {

  /** Copies the list. */
  public TrainResult {
    stepLosses = List.copyOf(stepLosses);
  }
}
