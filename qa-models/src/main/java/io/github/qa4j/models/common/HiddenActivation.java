package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.github.qa4j.core.ops.Scalars;
import java.util.Locale;

/**
 * The feed-forward activations of transformers' {@code ACT2FN} that the encoders here use, chosen
 * by a config's {@code hidden_act} (or XLNet's {@code ff_activation}, DistilBERT's {@code
 * activation}).
 */
public enum HiddenActivation {
  /** The exact, erf-based GELU ({@code gelu}). */
  GELU {
    @Override
    public NDArray apply(NDArray x) {
      return Activation.gelu(x);
    }
  },
  /** The tanh approximation of GELU ({@code gelu_new}, {@code gelu_pytorch_tanh}). */
  GELU_TANH {
    @Override
    public NDArray apply(NDArray x) {
      // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
      NDArray inner =
          Scalars.mul(Scalars.mul(Scalars.pow(x, 3), 0.044715).add(x), Math.sqrt(2 / Math.PI));
      return Scalars.mul(x, 0.5).mul(inner.tanh().add(1f));
    }
  },
  /** {@code relu}. */
  RELU {
    @Override
    public NDArray apply(NDArray x) {
      return Activation.relu(x);
    }
  },
  /** {@code swish} / {@code silu}: {@code x * sigmoid(x)}. */
  SILU {
    @Override
    public NDArray apply(NDArray x) {
      return x.mul(Activation.sigmoid(x));
    }
  };

  /** The names {@link #of(String)} accepts, for messages. */
  public static final String NAMES = "gelu, gelu_new, gelu_pytorch_tanh, relu, swish, silu";

  /** Applies the activation elementwise; the result lives in the manager of {@code x}. */
  public abstract NDArray apply(NDArray x);

  /**
   * The activation for a config value.
   *
   * @throws IllegalArgumentException naming the value when it is none of {@link #NAMES}
   */
  public static HiddenActivation of(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "gelu" -> GELU;
      case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
      case "relu" -> RELU;
      case "swish", "silu" -> SILU;
      default ->
          throw new IllegalArgumentException(
              "activation '" + name + "' is not supported; supported: " + NAMES);
    };
  }

  /**
   * The activation a config field names, or {@code fallback} when the field is absent.
   *
   * @throws IllegalArgumentException naming the config, the field and its value when the value is
   *     not one of {@link #NAMES}
   */
  public static HiddenActivation of(HfConfig config, String field, String fallback) {
    String name = config.optString(field, fallback);
    try {
      return of(name);
    } catch (IllegalArgumentException e) {
      throw config.error(field, "must be one of " + NAMES, config.json().get(field));
    }
  }
}
