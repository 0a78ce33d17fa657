package io.github.qa4j.models.common;

import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * Initial values for a parameter that a checkpoint does not provide.
 *
 * <p>Implementations draw only from the generator they are given, so that a seed fixes the result
 * and no global random state is touched.
 */
@FunctionalInterface
public interface ParameterInit {

  /**
   * The initial values, row-major.
   *
   * @param name the parameter's Hugging Face name
   * @param shape its shape
   * @param random the generator to draw from
   */
  float[] values(String name, Shape shape, RandomGenerator random);

  /**
   * This initializer, except that row {@code row} of every parameter whose name ends with {@code
   * nameSuffix} is zero: transformers zeroes the {@code padding_idx} row of an embedding.
   *
   * @param nameSuffix for example {@code embeddings.word_embeddings.weight}
   * @param row the row to zero
   */
  default ParameterInit withZeroRow(String nameSuffix, int row) {
    return (name, shape, random) -> {
      float[] v = values(name, shape, random);
      if (name.endsWith(nameSuffix)) {
        int width = Math.toIntExact(shape.get(1));
        java.util.Arrays.fill(v, row * width, (row + 1) * width, 0f);
      }
      return v;
    };
  }

  /**
   * What transformers' {@code _init_weights} does for BERT-like models: LayerNorm scales 1, biases
   * (and LayerNorm shifts) 0, every other weight normal with mean 0 and standard deviation {@code
   * initializerRange}.
   */
  static ParameterInit transformers(double initializerRange) {
    return (name, shape, random) -> {
      float[] v = new float[Math.toIntExact(shape.size())];
      if (isNormScale(name)) {
        java.util.Arrays.fill(v, 1f);
      } else if (!name.endsWith(".bias")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (random.nextGaussian() * initializerRange);
        }
      }
      return v;
    };
  }

  private static boolean isNormScale(String name) {
    return name.endsWith("LayerNorm.weight") || name.endsWith("layer_norm.weight");
  }
}
