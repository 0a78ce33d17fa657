package io.github.qa4j.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterServer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * AdamW as {@code torch.optim.AdamW} computes it, with the Hugging Face Trainer's choices: weight
 * decay is decoupled (the parameter shrinks by {@code lr * weightDecay} before the Adam step) and
 * is not applied to biases and LayerNorm weights; gradients summed over devices are scaled by a
 * clipping factor that the trainer sets for each step.
 *
 * <p>A DJL {@link ParameterServer}, so that {@link ai.djl.training.ParameterStore} drives it over
 * the parameter copies on every device. Moment estimates live in this object's manager; {@link
 * #state()} and {@link #loadState} move them in and out of checkpoints. DJL's own {@code AdamW}
 * applies decay differently and has no per-parameter exclusions, hence this class.
 */
public final class AdamW implements ParameterServer {

  private final NDManager manager;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final Map<String, String> namesById;
  private final Set<String> noDecayNames;
  private final Map<String, NDArray> firstMoment = new HashMap<>();
  private final Map<String, NDArray> secondMoment = new HashMap<>();
  private long step;
  private double learningRate;
  private double gradientScale = 1.0;

  /**
   * Creates the optimizer.
   *
   * @param manager owns the moment estimates
   * @param namesById Hugging Face parameter name of each DJL parameter id
   * @param noDecayNames names of the parameters without weight decay
   * @param beta1 first-moment decay (0.9)
   * @param beta2 second-moment decay (0.999)
   * @param epsilon denominator term (1e-8)
   * @param weightDecay decoupled weight decay
   */
  public AdamW(
      NDManager manager,
      Map<String, String> namesById,
      Set<String> noDecayNames,
      double beta1,
      double beta2,
      double epsilon,
      double weightDecay) {
    this.manager = manager;
    this.namesById = Map.copyOf(namesById);
    this.noDecayNames = Set.copyOf(noDecayNames);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
  }

  /**
   * Whether the Hugging Face Trainer decays a parameter: not biases (any name containing "bias")
   * and not LayerNorm parameters.
   */
  public static boolean decays(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return !lower.contains("bias") && !lower.contains("layernorm") && !lower.contains("layer_norm");
  }

  /** Sets the learning rate and the gradient scale (clipping factor) of the next step. */
  public void beginStep(double learningRate, double gradientScale) {
    this.learningRate = learningRate;
    this.gradientScale = gradientScale;
    step++;
  }

  /** Optimizer steps taken so far. */
  public long steps() {
    return step;
  }

  @Override
  public void init(String parameterId, NDArray[] value) {}

  @Override
  public void update(String parameterId, NDArray[] grads, NDArray[] params) {
    String name = namesById.get(parameterId);
    if (name == null) {
      throw new IllegalStateException("parameter " + parameterId + " has no name");
    }
    NDArray weight = params[0];
    try (NDManager scope = manager.newSubManager(weight.getDevice())) {
      NDArray grad = grads[0].duplicate();
      grad.attach(scope);
      for (int i = 1; i < grads.length; i++) {
        NDArray other = grads[i].toDevice(weight.getDevice(), true);
        other.attach(scope);
        grad.addi(other);
      }
      if (gradientScale != 1.0) {
        grad.muli((float) gradientScale);
      }
      NDArray m = firstMoment.computeIfAbsent(name, k -> zerosLike(weight));
      NDArray v = secondMoment.computeIfAbsent(name, k -> zerosLike(weight));
      if (weightDecay != 0 && !noDecayNames.contains(name)) {
        weight.muli((float) (1.0 - learningRate * weightDecay));
      }
      m.muli((float) beta1).addi(scoped(grad.mul((float) (1.0 - beta1)), scope));
      v.muli((float) beta2)
          .addi(scoped(scoped(grad.square(), scope).muli((float) (1.0 - beta2)), scope));
      double stepSize = learningRate / (1.0 - Math.pow(beta1, step));
      double correction2 = Math.sqrt(1.0 - Math.pow(beta2, step));
      NDArray denom = scoped(v.sqrt(), scope).divi((float) correction2).addi((float) epsilon);
      weight.subi(scoped(m.div(denom), scope).muli((float) stepSize));
      for (int i = 1; i < params.length; i++) {
        NDArray copy = weight.toDevice(params[i].getDevice(), true);
        copy.attach(scope);
        copy.copyTo(params[i]);
      }
    }
    for (NDArray g : grads) {
      g.subi(g);
    }
  }

  private NDArray zerosLike(NDArray weight) {
    return manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
  }

  private static NDArray scoped(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }

  /**
   * The moment estimates by name ({@code NAME.exp_avg}, {@code NAME.exp_avg_sq}), owned by the
   * optimizer, and the step count under {@code step}, a new array the caller closes.
   */
  public Map<String, NDArray> state() {
    Map<String, NDArray> state = new java.util.TreeMap<>();
    firstMoment.forEach((k, a) -> state.put(k + ".exp_avg", a));
    secondMoment.forEach((k, a) -> state.put(k + ".exp_avg_sq", a));
    state.put("step", manager.create(new long[] {step}));
    return state;
  }

  /** Restores {@link #state()}; arrays are copied into this optimizer's manager. */
  public void loadState(Map<String, NDArray> state) {
    for (Map.Entry<String, NDArray> e : state.entrySet()) {
      String key = e.getKey();
      NDArray copy = e.getValue().duplicate();
      copy.attach(manager);
      if (key.equals("step")) {
        step = copy.toLongArray()[0];
      } else if (key.endsWith(".exp_avg_sq")) {
        put(secondMoment, key.substring(0, key.length() - ".exp_avg_sq".length()), copy);
      } else if (key.endsWith(".exp_avg")) {
        put(firstMoment, key.substring(0, key.length() - ".exp_avg".length()), copy);
      } else {
        throw new IllegalArgumentException("unknown optimizer state entry '" + key + "'");
      }
    }
  }

  private static void put(Map<String, NDArray> moments, String name, NDArray value) {
    NDArray old = moments.put(name, value);
    if (old != null) {
      old.close();
    }
  }

  @Override
  public void close() {
    firstMoment.values().forEach(NDArray::close);
    secondMoment.values().forEach(NDArray::close);
    firstMoment.clear();
    secondMoment.clear();
  }
}
