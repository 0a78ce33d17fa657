package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** PyTorch's {@code nn.Embedding}: a lookup table {@code weight [rows, dim]} indexed by ids. */
public final class HfEmbedding extends NamedBlock {

  private final long dim;
  private final Parameter weight;

  /**
   * Creates the table.
   *
   * @param rows number of rows (vocabulary size)
   * @param dim width of one row
   * @param trainable whether gradients are computed for the table
   */
  public HfEmbedding(long rows, long dim, boolean trainable) {
    this.dim = dim;
    this.weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(rows, dim), trainable);
  }

  /**
   * Looks up rows for integer {@code ids}; the result, shaped {@code ids.shape + [dim]}, lives in
   * the manager of {@code ids}.
   */
  public NDArray apply(ParameterStore store, NDArray ids, boolean training) {
    NDArray table = store.getValue(weight, ids.getDevice(), training);
    return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
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
