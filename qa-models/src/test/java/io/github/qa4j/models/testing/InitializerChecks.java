package io.github.qa4j.models.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.common.ParameterInit;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/** What transformers' {@code _init_weights} gives, checked on an initializer's values. */
public final class InitializerChecks {

  /** Tables with fewer values are too small to estimate a standard deviation within 10%. */
  private static final int MIN_SAMPLE = 1000;

  private InitializerChecks() {}

  /** The values {@code init} gives every parameter, from {@code seed}. */
  public static Map<String, HostTensor> initialize(
      Map<String, Parameter> parameters, ParameterInit init, long seed) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      ModelWeights.initialize(parameters, new ArrayList<>(parameters.keySet()), init, seed, m);
      return ModelWeights.snapshot(parameters);
    }
  }

  /**
   * LayerNorm scales 1, biases 0, every other weight normal with mean 0 and standard deviation
   * {@code std} (estimated within 10% on tables of at least 1000 values), and the given rows of
   * embeddings zero.
   *
   * @param values every parameter's initial values by name
   * @param std transformers' {@code initializer_range}
   * @param zeroRows name suffix of an embedding to its row that must be zero
   * @param exempt names checked elsewhere (tables with other initial values)
   */
  public static void assertTransformersInit(
      Map<String, HostTensor> values,
      double std,
      Map<String, Integer> zeroRows,
      Set<String> exempt) {
    int normals = 0;
    for (Map.Entry<String, HostTensor> e : values.entrySet()) {
      String name = e.getKey();
      if (exempt.contains(name)) {
        continue;
      }
      float[] v = e.getValue().toFloatArray();
      if (name.endsWith("LayerNorm.weight") || name.endsWith("layer_norm.weight")) {
        assertThat(v).as(name).containsOnly(1f);
      } else if (name.endsWith(".bias")) {
        assertThat(v).as(name).containsOnly(0f);
      } else {
        int width = Math.toIntExact(e.getValue().shape().get(1));
        int zeroRow = -1;
        for (Map.Entry<String, Integer> z : zeroRows.entrySet()) {
          if (name.endsWith(z.getKey())) {
            zeroRow = z.getValue();
          }
        }
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int i = 0; i < v.length; i++) {
          if (i / width == zeroRow) {
            assertThat(v[i]).as(name + " padding row " + zeroRow).isZero();
          } else {
            sum += v[i];
            squares += (double) v[i] * v[i];
            n++;
          }
        }
        if (n < MIN_SAMPLE) {
          assertThat(squares).as(name + " drawn").isPositive();
          continue;
        }
        double mean = sum / n;
        double sd = Math.sqrt(squares / n - mean * mean);
        assertThat(sd).as(name + " standard deviation").isCloseTo(std, within(std * 0.1));
        assertThat(mean).as(name + " mean").isCloseTo(0, within(std * 0.2));
        normals++;
      }
    }
    assertThat(normals).as("normal weights checked").isPositive();
  }
}
