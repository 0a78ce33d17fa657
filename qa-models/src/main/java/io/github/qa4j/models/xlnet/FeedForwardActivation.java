package io.github.qa4j.models.xlnet;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.github.qa4j.core.ops.Scalars;
import java.util.Locale;

/** The activations transformers accepts for XLNet's {@code ff_activation}. */
enum FeedForwardActivation {
  /** The exact, erf-based GELU ({@code gelu}). */
  GELU {
    @Override
    NDArray apply(NDArray x) {
      return Activation.gelu(x);
    }
  },
  /** The tanh approximation of GELU ({@code gelu_new}). */
  GELU_TANH {
    @Override
    NDArray apply(NDArray x) {
      // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
      NDArray inner =
          Scalars.mul(Scalars.mul(Scalars.pow(x, 3), 0.044715).add(x), Math.sqrt(2 / Math.PI));
      return Scalars.mul(x, 0.5).mul(inner.tanh().add(1f));
    }
  },
  /** {@code relu}. */
  RELU {
    @Override
    NDArray apply(NDArray x) {
      return Activation.relu(x);
    }
  },
  /** {@code swish} / {@code silu}: {@code x * sigmoid(x)}. */
  SILU {
    @Override
    NDArray apply(NDArray x) {
      return x.mul(Activation.sigmoid(x));
    }
  };

  /** Applies the activation elementwise; the result lives in the manager of {@code x}. */
  abstract NDArray apply(NDArray x);

  /**
   * The activation for a config value.
   *
   * @throws IllegalArgumentException naming the value when transformers has no such activation for
   *     XLNet
   */
  static FeedForwardActivation of(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "gelu" -> GELU;
      case "gelu_new" -> GELU_TANH;
      case "relu" -> RELU;
      case "swish", "silu" -> SILU;
      default ->
          throw new IllegalArgumentException(
              "'ff_activation' is '" + name + "'; supported: gelu, gelu_new, relu, swish, silu");
    };
  }
}
