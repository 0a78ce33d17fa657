package io.github.qa4j.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.qa4j.core.features.QaFeature;
import java.util.List;

/**
 * A batch of windows as tensors, shaped {@code [batch, seqLen]} (labels {@code [batch]}).
 *
 * <p>Every array lives in the manager the batch was built with; close that manager to free them.
 * Label arrays are {@code null} in batches built without labels.
 *
 * @param inputIds token ids (int64)
 * @param tokenTypeIds token types (int64)
 * @param attentionMask 1 for tokens, 0 for padding (int64)
 * @param pMask 1 for tokens that cannot be part of an answer (float32)
 * @param clsIndex index of the CLS token per window (int64)
 * @param startPositions gold start token per window (int64), or null
 * @param endPositions gold end token per window (int64), or null
 * @param isImpossible 1 when the window is labeled unanswerable (float32), or null
 */
public record QaBatch(
    NDArray inputIds,
    NDArray tokenTypeIds,
    NDArray attentionMask,
    NDArray pMask,
    NDArray clsIndex,
    NDArray startPositions,
    NDArray endPositions,
    NDArray isImpossible) {

  /** Number of windows in the batch. */
  public int size() {
    return Math.toIntExact(inputIds.getShape().get(0));
  }

  /** Whether the batch carries training labels. */
  public boolean hasLabels() {
    return startPositions != null;
  }

  /**
   * Stacks features into tensors in {@code manager}.
   *
   * @param manager owns the new arrays
   * @param features windows of equal length
   * @param withLabels whether to include the training labels
   */
  public static QaBatch of(NDManager manager, List<QaFeature> features, boolean withLabels) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one feature");
    }
    return of(manager, features, withLabels, Columns.all(features.get(0).length()));
  }

  /**
   * Stacks the given columns of features into tensors in {@code manager}: dynamic padding when
   * {@code columns} is {@link Columns#spanning}. Token indexes (CLS, labels) count from {@code
   * columns.from()}.
   *
   * @param manager owns the new arrays
   * @param features windows of equal length
   * @param withLabels whether to include the training labels
   * @param columns the columns kept; every window's CLS token and labels must lie inside
   */
  public static QaBatch of(
      NDManager manager, List<QaFeature> features, boolean withLabels, Columns columns) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one feature");
    }
    int b = features.size();
    int full = features.get(0).length();
    int len = columns.length();
    int off = columns.from();
    if (columns.to() > full) {
      throw new IllegalArgumentException(
          "columns " + columns + " run past windows of length " + full);
    }
    long[] ids = new long[b * len];
    long[] types = new long[b * len];
    long[] mask = new long[b * len];
    float[] pMask = new float[b * len];
    long[] cls = new long[b];
    long[] starts = new long[b];
    long[] ends = new long[b];
    float[] impossible = new float[b];
    for (int i = 0; i < b; i++) {
      QaFeature f = features.get(i);
      if (f.length() != full) {
        throw new IllegalArgumentException(
            "windows in a batch must have one length: " + full + " vs " + f.length());
      }
      for (int t = 0; t < len; t++) {
        ids[i * len + t] = f.inputIds()[off + t];
        types[i * len + t] = f.tokenTypeIds()[off + t];
        mask[i * len + t] = f.attentionMask()[off + t];
        pMask[i * len + t] = f.pMask()[off + t];
      }
      cls[i] = inside(f.clsIndex(), columns, f);
      starts[i] = withLabels ? inside(f.startPosition(), columns, f) : 0;
      ends[i] = withLabels ? inside(f.endPosition(), columns, f) : 0;
      impossible[i] = f.impossible() ? 1f : 0f;
    }
    Shape shape = new Shape(b, len);
    return new QaBatch(
        manager.create(ids, shape),
        manager.create(types, shape),
        manager.create(mask, shape),
        manager.create(pMask, shape),
        manager.create(cls),
        withLabels ? manager.create(starts) : null,
        withLabels ? manager.create(ends) : null,
        withLabels ? manager.create(impossible) : null);
  }

  private static long inside(int index, Columns columns, QaFeature f) {
    if (index < columns.from() || index >= columns.to()) {
      throw new IllegalArgumentException(
          "window of " + f.exampleId() + ": token " + index + " lies outside columns " + columns);
    }
    return index - columns.from();
  }

  /** Moves (copies) every array to {@code manager}'s device, for data-parallel splits. */
  public QaBatch to(NDManager manager) {
    return new QaBatch(
        move(inputIds, manager),
        move(tokenTypeIds, manager),
        move(attentionMask, manager),
        move(pMask, manager),
        move(clsIndex, manager),
        move(startPositions, manager),
        move(endPositions, manager),
        move(isImpossible, manager));
  }

  private static NDArray move(NDArray a, NDManager manager) {
    if (a == null) {
      return null;
    }
    NDArray copy = a.toDevice(manager.getDevice(), false);
    copy.attach(manager);
    return copy;
  }
}
