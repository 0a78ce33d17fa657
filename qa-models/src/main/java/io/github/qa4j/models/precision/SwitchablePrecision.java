package io.github.qa4j.models.precision;

/**
 * A block with matrix products whose arithmetic {@link ModelPrecision} can switch: it prepares its
 * weights with the given {@link MatrixProducts} and uses them at inference, while training keeps
 * using its float32 parameters.
 */
public interface SwitchablePrecision {

  /**
   * Prepares this block's weights with {@code products} (freeing what an earlier call prepared) and
   * uses them for inference from now on. Not to be called while the block is in use.
   */
  void useProducts(MatrixProducts products);

  /**
   * Whether {@link #useProducts} also switches this block's children (a block that joins its
   * children's products into one), so that {@link ModelPrecision} does not visit them again.
   */
  default boolean switchesChildren() {
    return false;
  }
}
