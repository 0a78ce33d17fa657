package io.github.qa4j.models.common;

import java.io.IOException;
import java.util.List;

/**
 * A checkpoint does not fit a model: parameters are missing, tensors are unexpected, or shapes
 * differ. The message names every offending parameter.
 */
public final class CheckpointMismatchException extends IOException {

  private static final long serialVersionUID = 1L;

  /** Names of model parameters absent from the checkpoint. */
  private final List<String> missing;

  /** Names of checkpoint tensors the model does not have. */
  private final List<String> unexpected;

  /** One line per parameter whose shape differs: name, expected and found shape. */
  private final List<String> wrongShape;

  /**
   * Creates the exception.
   *
   * @param source the checkpoint, for the message
   * @param missing model parameters absent from the checkpoint
   * @param unexpected checkpoint tensors the model does not have
   * @param wrongShape descriptions of shape mismatches
   */
  public CheckpointMismatchException(
      String source, List<String> missing, List<String> unexpected, List<String> wrongShape) {
    super(message(source, missing, unexpected, wrongShape));
    this.missing = List.copyOf(missing);
    this.unexpected = List.copyOf(unexpected);
    this.wrongShape = List.copyOf(wrongShape);
  }

  /** Model parameters absent from the checkpoint. */
  public List<String> missing() {
    return missing;
  }

  /** Checkpoint tensors the model does not have. */
  public List<String> unexpected() {
    return unexpected;
  }

  /** Shape mismatches, one description each. */
  public List<String> wrongShape() {
    return wrongShape;
  }

  private static String message(
      String source, List<String> missing, List<String> unexpected, List<String> wrongShape) {
    StringBuilder sb = new StringBuilder(source).append(": checkpoint does not fit the model");
    if (!missing.isEmpty()) {
      sb.append("; missing parameters ").append(missing);
    }
    if (!unexpected.isEmpty()) {
      sb.append("; unexpected parameters ").append(unexpected);
    }
    if (!wrongShape.isEmpty()) {
      sb.append("; wrong shapes ").append(wrongShape);
    }
    return sb.toString();
  }
}
