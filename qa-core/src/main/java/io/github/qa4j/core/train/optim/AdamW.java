package io.github.qa4j.core.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterServer;
import io.github.qa4j.core.io.HostTensor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * AdamW as {@code torch.optim.AdamW} computes it, with the Hugging Face Trainer's choices: weight
 * decay is decoupled (the parameter shrinks by {@code lr * weightDecay} before the Adam step) and
 * is not applied to biases and LayerNorm weights. Gradients arrive already clipped (see the
 * trainer's gradient clipping); copies on several devices are summed.
 *
 * <p>A DJL {@link ParameterServer}, so that {@link ai.djl.training.ParameterStore} drives it over
 * the parameter copies on every device. Moment estimates live in this object's manager; {@link
 * #state()} and {@link #loadState} move copies of them in and out of checkpoints as host values.
 * DJL's own {@code AdamW} applies decay differently and has no per-parameter exclusions, hence this
 * class. The arithmetic is an {@link AdamWKernel}: a fused one where the engine module provides it,
 * else {@link ElementwiseAdamW}.
 */
public final class AdamW implements ParameterServer {

  private final NDManager manager;
  private final AdamWOptions options;
  private final Map<String, String> namesById;
  private final Set<String> noDecayNames;
  private final Map<String, NDArray> firstMoment = new HashMap<>();
  private final Map<String, NDArray> secondMoment = new HashMap<>();
  private long step;
  private AdamWKernel kernel;
  private double learningRate;

  /**
   * Creates the optimizer.
   *
   * @param manager owns the moment estimates
   * @param namesById Hugging Face parameter name of each DJL parameter id
   * @param noDecayNames names of the parameters without weight decay
   * @param options betas, epsilon and weight decay (the learning rate comes with each step)
   */
  public AdamW(
      NDManager manager,
      Map<String, String> namesById,
      Set<String> noDecayNames,
      AdamWOptions options) {
    this.manager = manager;
    this.namesById = Map.copyOf(namesById);
    this.noDecayNames = Set.copyOf(noDecayNames);
    this.options = options;
  }

  /**
   * The optimizer for a model's parameters by Hugging Face name, each decayed or not as {@link
   * #decays} says.
   *
   * @param manager owns the moment estimates
   * @param parameters the model's parameters by name
   * @param options betas, epsilon and weight decay
   */
  public static AdamW forNamedParameters(
      NDManager manager, Map<String, Parameter> parameters, AdamWOptions options) {
    Map<String, String> namesById = new HashMap<>();
    Set<String> noDecay = new HashSet<>();
    parameters.forEach(
        (name, p) -> {
          namesById.put(p.getId(), name);
          if (!decays(name)) {
            noDecay.add(name);
          }
        });
    return new AdamW(manager, namesById, noDecay, options);
  }

  /**
   * Whether the Hugging Face Trainer decays a parameter: not biases (any name containing "bias")
   * and not LayerNorm parameters.
   */
  public static boolean decays(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return !lower.contains("bias") && !lower.contains("layernorm") && !lower.contains("layer_norm");
  }

  /**
   * Counts the next optimizer step and sets its learning rate. The step itself happens as the
   * parameter store calls {@link #update} for each parameter ({@code
   * ParameterStore#updateAllParameters}).
   */
  public void prepareStep(double learningRate) {
    this.learningRate = learningRate;
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
      NDArray grad = grads[0];
      if (grads.length > 1) {
        grad = grads[0].duplicate();
        grad.attach(scope);
        for (int i = 1; i < grads.length; i++) {
          NDArray other = grads[i].toDevice(weight.getDevice(), true);
          other.attach(scope);
          grad.addi(other);
        }
      }
      NDArray m = firstMoment.computeIfAbsent(name, k -> zerosLike(weight));
      NDArray v = secondMoment.computeIfAbsent(name, k -> zerosLike(weight));
      boolean decay = options.weightDecay() != 0 && !noDecayNames.contains(name);
      kernelFor(weight)
          .update(new AdamWKernel.Update(weight, grad, m, v, step, learningRate, options, decay));
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

  private AdamWKernel kernelFor(NDArray parameter) {
    if (kernel == null) {
      kernel =
          ServiceLoader.load(AdamWKernel.class).stream()
              .map(ServiceLoader.Provider::get)
              .filter(k -> k.supports(parameter))
              .findFirst()
              .orElseGet(ElementwiseAdamW::new);
    }
    return kernel;
  }

  /**
   * A copy of the state on the host: the moment estimates by name ({@code NAME.exp_avg}, {@code
   * NAME.exp_avg_sq}) and the step count under {@code step}.
   */
  public Map<String, HostTensor> state() {
    Map<String, HostTensor> state = new TreeMap<>();
    firstMoment.forEach((k, a) -> state.put(k + ".exp_avg", HostTensor.of(a)));
    secondMoment.forEach((k, a) -> state.put(k + ".exp_avg_sq", HostTensor.of(a)));
    state.put("step", HostTensor.ofLongs(new long[] {step}, new Shape(1)));
    return state;
  }

  /** Restores {@link #state()}; values are copied into this optimizer's manager. */
  public void loadState(Map<String, HostTensor> state) {
    for (Map.Entry<String, HostTensor> e : state.entrySet()) {
      String key = e.getKey();
      if (key.equals("step")) {
        step = e.getValue().toLongArray()[0];
      } else if (key.endsWith(".exp_avg_sq")) {
        String name = key.substring(0, key.length() - ".exp_avg_sq".length());
        put(secondMoment, name, e.getValue().toNDArray(manager));
      } else if (key.endsWith(".exp_avg")) {
        put(
            firstMoment,
            key.substring(0, key.length() - ".exp_avg".length()),
            e.getValue().toNDArray(manager));
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
