package io.github.qa4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link GradientClipping} against {@code torch.nn.utils.clip_grad_norm_}: the gradients, max_norm
 * values and results of {@code fixtures/clipping/clip_grad_norm.safetensors} (made by {@code
 * make_fixture.py} beside it, torch 2.13). The returned norm and every clipped gradient agree
 * within 1e-6, for max_norm values that clip and one that does not.
 */
class GradientClippingParityTest {

  private static final double TOLERANCE = 1e-6;

  private static final Path FIXTURE =
      Path.of("src/test/resources/fixtures/clipping/clip_grad_norm.safetensors");

  private static Map<String, HostTensor> fixture;
  private static int gradients;
  private static float[] maxNorms;

  @BeforeAll
  static void read() throws IOException {
    fixture = Safetensors.read(FIXTURE);
    gradients = (int) fixture.keySet().stream().filter(k -> k.startsWith("grad.")).count();
    maxNorms = fixture.get("max_norm").toFloatArray();
    assertThat(gradients).isEqualTo(5);
    assertThat(maxNorms).hasSize(4);
  }

  /**
   * A parameter of the gradient's shape whose gradient holds the fixture's values: the gradient of
   * {@code sum(weight * values)}, as a backward pass leaves it (values written into the array
   * {@code getGradient} returns before any backward pass did not reach the gradient).
   */
  private static Parameter withGradient(NDManager manager, int i, HostTensor values) {
    NDArray weight = manager.zeros(values.shape());
    weight.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector();
        NDArray given = manager.create(values.toFloatArray(), values.shape());
        NDArray product = weight.mul(given);
        NDArray sum = product.sum()) {
      collector.backward(sum);
    }
    Parameter parameter =
        Parameter.builder().setName("p" + i).setType(Parameter.Type.WEIGHT).build();
    parameter.setArray(weight);
    return parameter;
  }

  private static float[] gradientOf(NDArray array) {
    try (NDArray grad = array.getGradient()) {
      return grad.toFloatArray();
    }
  }

  private static void assertClose(float[] actual, float[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int j = 0; j < expected.length; j++) {
      assertThat((double) actual[j])
          .as("%s[%d]", what, j)
          .isCloseTo(expected[j], within(TOLERANCE));
    }
  }

  @Test
  void normAndClippedGradientsMatchTorch() {
    for (int k = 0; k < maxNorms.length; k++) {
      try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < gradients; i++) {
          parameters.add(withGradient(manager, i, fixture.get("grad." + i)));
        }
        double norm =
            GradientClipping.clip(
                new ParameterStore(manager, false), parameters, List.of(Device.cpu()), maxNorms[k]);
        assertThat(norm)
            .as("norm at max_norm %s", maxNorms[k])
            .isCloseTo(fixture.get("norm." + k).toFloatArray()[0], within(TOLERANCE));
        for (int i = 0; i < gradients; i++) {
          assertClose(
              gradientOf(parameters.get(i).getArray()),
              fixture.get("clipped." + k + "." + i).toFloatArray(),
              "gradient " + i + " at max_norm " + maxNorms[k]);
        }
      }
    }
  }

  @Test
  void theLargestMaxNormLeavesTheGradientsAsTheyWere() {
    int last = maxNorms.length - 1;
    assertThat((double) maxNorms[last])
        .isGreaterThan(fixture.get("norm." + last).toFloatArray()[0]);
    for (int i = 0; i < gradients; i++) {
      assertThat(fixture.get("clipped." + last + "." + i).toFloatArray())
          .isEqualTo(fixture.get("grad." + i).toFloatArray());
    }
  }

  /**
   * Data-parallel training keeps one copy of each parameter per device, each with the gradient of
   * its share of the batch; the step's gradient is their sum. The norm is that of the sum (not of
   * each copy), and every copy is scaled by the same factor, so the clipped copies add up to
   * torch's clipped gradient.
   *
   * <p>The copies live on the one CPU under two device names that only label them. A real second
   * device cannot be had on a CPU: DJL's {@code Device.of("cpu", 1)} (and so {@code Device.cpu(1)})
   * returns the one {@code Device.cpu()}, {@code ParameterStore.setParameterServer} refuses the
   * same device twice, and libtorch has a single CPU device. So the trainer's split of a batch over
   * devices runs only with accelerators; this test and {@code AdamWTest} cover its two sums.
   */
  @Test
  void copiesOnTwoDevicesAreClippedAsTheirSum() {
    assertThat(Device.of(Device.Type.CPU, 1)).isEqualTo(Device.cpu());
    Device first = Device.of("replica", 0);
    Device second = Device.of("replica", 1);
    Random random = new Random(14);
    for (int k = 0; k < maxNorms.length; k++) {
      try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        List<Parameter> parameters = new ArrayList<>();
        Map<Device, Map<String, NDArray>> copies =
            Map.of(first, new HashMap<>(), second, new HashMap<>());
        List<float[]> shares = new ArrayList<>();
        for (int i = 0; i < gradients; i++) {
          HostTensor whole = fixture.get("grad." + i);
          float[] g = whole.toFloatArray();
          float[] share = new float[g.length];
          float[] rest = new float[g.length];
          for (int j = 0; j < g.length; j++) {
            share[j] = (float) (random.nextGaussian() * 0.3);
            rest[j] = g[j] - share[j];
          }
          shares.add(share);
          Parameter p = withGradient(manager, i, HostTensor.ofFloats(share, whole.shape()));
          parameters.add(p);
          copies.get(first).put(p.getId(), p.getArray());
          Parameter other = withGradient(manager, i, HostTensor.ofFloats(rest, whole.shape()));
          copies.get(second).put(p.getId(), other.getArray());
        }
        ParameterStore store =
            new ParameterStore(manager, false) {
              @Override
              public NDArray getValue(Parameter parameter, Device device, boolean training) {
                return copies.get(device).get(parameter.getId());
              }
            };
        double norm = GradientClipping.clip(store, parameters, List.of(first, second), maxNorms[k]);
        double torchNorm = fixture.get("norm." + k).toFloatArray()[0];
        assertThat(norm).as("norm of the sum").isCloseTo(torchNorm, within(TOLERANCE));
        double factor = Math.min(1.0, maxNorms[k] / (torchNorm + 1e-6));
        for (int i = 0; i < gradients; i++) {
          String id = parameters.get(i).getId();
          float[] a = gradientOf(copies.get(first).get(id));
          float[] b = gradientOf(copies.get(second).get(id));
          float[] sum = new float[a.length];
          float[] expectedShare = new float[a.length];
          for (int j = 0; j < a.length; j++) {
            sum[j] = a[j] + b[j];
            expectedShare[j] = (float) (shares.get(i)[j] * factor);
          }
          String what = "gradient " + i + " at max_norm " + maxNorms[k];
          assertClose(sum, fixture.get("clipped." + k + "." + i).toFloatArray(), what + ", sum");
          assertClose(a, expectedShare, what + ", first copy");
        }
      }
    }
  }
}
