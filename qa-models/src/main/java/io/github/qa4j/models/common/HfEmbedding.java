package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.Embedding}: a lookup table {@code weight [rows, dim]} indexed by ids,
 * optionally with a {@code padding_idx} whose row receives no gradient.
 */
public final class HfEmbedding extends NamedBlock {

  private final long dim;
  private final Parameter weight;
  private final long paddingIndex;

  /**
   * Creates the table.
   *
   * @param rows number of rows (vocabulary size)
   * @param dim width of one row
   * @param trainable whether gradients are computed for the table
   */
  public HfEmbedding(long rows, long dim, boolean trainable) {
    this(rows, dim, trainable, -1);
  }

  /**
   * Creates a table whose row {@code paddingIndex} is looked up as usual but, as with PyTorch's
   * {@code padding_idx}, never receives a gradient, so training leaves it as loaded.
   *
   * @param rows number of rows (vocabulary size)
   * @param dim width of one row
   * @param trainable whether gradients are computed for the table
   * @param paddingIndex the row without gradient, in {@code [0, rows)}, or -1 for none
   */
  public HfEmbedding(long rows, long dim, boolean trainable, long paddingIndex) {
    if (paddingIndex < -1 || paddingIndex >= rows) {
      throw new IllegalArgumentException(
          "padding index " + paddingIndex + " is outside the table's " + rows + " rows");
    }
    this.dim = dim;
    this.weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(rows, dim), trainable);
    this.paddingIndex = paddingIndex;
  }

  /**
   * Looks up rows for integer {@code ids}; the result, shaped {@code ids.shape + [dim]}, lives in
   * the manager of {@code ids}.
   */
  public NDArray apply(ParameterStore store, NDArray ids, boolean training) {
    NDArray table = store.getValue(weight, ids.getDevice(), training);
    NDArray rows =
        ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    if (paddingIndex < 0 || !training) {
      return rows;
    }
    // The padding positions take a detached copy of their rows, so no gradient reaches the row.
    NDArray isPadding = ids.eq(paddingIndex).expandDims(-1).broadcast(rows.getShape());
    return NDArrays.where(isPadding, rows.stopGradient(), rows);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(store, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(dim)};
  }
}
