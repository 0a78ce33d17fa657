package io.github.qa4j.models.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.AtomicFiles;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves values between a model's named parameters and Hugging Face checkpoints: load with checks,
 * initialize from a seed, save a model directory.
 *
 * <p>Parameter arrays are created in the manager passed in (the model's), as float32; the model
 * closes that manager to free them.
 */
public final class ModelWeights {

  private static final Logger LOG = LoggerFactory.getLogger(ModelWeights.class);

  private ModelWeights() {}

  /**
   * Fills every parameter from {@code checkpoint}, initializing what the policy allows to be
   * missing. Nothing is set unless the whole checkpoint fits.
   *
   * @param parameters the model's parameters by Hugging Face name, none of them set yet
   * @param checkpoint tensors by name, for example from {@link CheckpointFiles#read(Path)}
   * @param source the checkpoint's location, for messages
   * @param policy which names may be missing or unexpected
   * @param init values for missing parameters
   * @param seed seeds the values of missing parameters
   * @param manager owns the new arrays
   * @throws CheckpointMismatchException naming every missing, unexpected or wrongly shaped
   *     parameter
   */
  public static LoadReport load(
      Map<String, Parameter> parameters,
      Map<String, HostTensor> checkpoint,
      String source,
      LoadPolicy policy,
      ParameterInit init,
      long seed,
      NDManager manager)
      throws CheckpointMismatchException {
    Map<String, HostTensor> tensors = normalizeNames(checkpoint, parameters, policy.basePrefix());
    List<String> missing = new ArrayList<>();
    List<String> wrongShape = new ArrayList<>();
    List<String> loaded = new ArrayList<>();
    List<String> initialized = new ArrayList<>();
    for (String name : parameters.keySet()) {
      HostTensor t = tensors.get(name);
      if (t == null) {
        (policy.mayInitialize(name) ? initialized : missing).add(name);
      } else {
        loaded.add(name);
      }
    }
    List<String> unexpected = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String name : tensors.keySet()) {
      if (!parameters.containsKey(name)) {
        (policy.mayIgnore(name) ? ignored : unexpected).add(name);
      }
    }
    for (String name : loaded) {
      Shape expected = parameters.get(name).getShape();
      Shape found = tensors.get(name).shape();
      if (!expected.equals(found)) {
        wrongShape.add(name + " expects " + expected + " but the checkpoint has " + found);
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty() || !wrongShape.isEmpty()) {
      throw new CheckpointMismatchException(source, missing, unexpected, wrongShape);
    }
    for (String name : loaded) {
      set(parameters.get(name), toFloat32(name, tensors.get(name)).toNDArray(manager), manager);
    }
    initialize(parameters, initialized, init, seed, manager);
    LOG.info(
        "{}: loaded {} of the model's {} parameters", source, loaded.size(), parameters.size());
    if (!initialized.isEmpty()) {
      // As transformers warns: these start random and need training before the model is useful.
      LOG.warn(
          "{}: {} parameters are not in the checkpoint and were newly initialized: {}",
          source,
          initialized.size(),
          initialized);
    }
    if (!ignored.isEmpty()) {
      LOG.info(
          "{}: {} checkpoint tensors are not used by this model: {}",
          source,
          ignored.size(),
          ignored);
    }
    return new LoadReport(loaded, initialized, ignored);
  }

  /**
   * Initializes the named parameters from {@code seed}. Each parameter draws from its own
   * generator, seeded from {@code seed} and its name, so the values do not depend on the order of
   * parameters or on which others are initialized.
   *
   * @param parameters the model's parameters by name
   * @param names the ones to initialize, none of them set yet
   * @param init the values
   * @param seed the seed
   * @param manager owns the new arrays
   */
  public static void initialize(
      Map<String, Parameter> parameters,
      List<String> names,
      ParameterInit init,
      long seed,
      NDManager manager) {
    for (String name : names) {
      Shape shape = parameters.get(name).getShape();
      float[] values = init.values(name, shape, new SplittableRandom(mix(seed, name)));
      set(parameters.get(name), manager.create(values, shape), manager);
    }
  }

  /**
   * Sets the accumulated gradients of the trainable parameters to zero, in place.
   *
   * <p>Use this between steps instead of DJL's {@code GradientCollector.zeroGradients()}, which in
   * DJL 0.36's PyTorch engine leaves two gradient handles per parameter in the parameters' manager
   * on every call.
   */
  public static void zeroGradients(Map<String, Parameter> parameters) {
    for (Parameter p : parameters.values()) {
      if (p.requiresGradient() && p.isInitialized()) {
        NDArray gradient;
        try {
          gradient = p.getArray().getGradient();
        } catch (IllegalStateException noGradientYet) {
          continue; // no backward pass has reached this parameter: nothing to zero
        }
        try (gradient) {
          gradient.muli(0);
        }
      }
    }
  }

  /** Copies every parameter to Java memory, in the map's order. */
  public static Map<String, HostTensor> snapshot(Map<String, Parameter> parameters) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    parameters.forEach((name, p) -> out.put(name, HostTensor.of(p.getArray())));
    return out;
  }

  /**
   * Writes a Hugging Face model directory: {@code config.json} and {@code model.safetensors} (with
   * the {@code format: pt} metadata transformers expects). Each file is written atomically.
   */
  public static void save(Path directory, JsonObject config, Map<String, Parameter> parameters)
      throws IOException {
    Files.createDirectories(directory);
    Safetensors.write(
        directory.resolve(CheckpointFiles.SAFETENSORS),
        snapshot(parameters),
        Map.of("format", "pt"));
    String json = new GsonBuilder().setPrettyPrinting().create().toJson(config) + "\n";
    AtomicFiles.write(
        directory.resolve("config.json"), out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static void set(Parameter parameter, NDArray array, NDManager manager) {
    if (parameter.isInitialized()) {
      throw new IllegalStateException("parameter " + parameter.getName() + " is already set");
    }
    // Initializing through DJL keeps the declared shape checked and marks the array as requiring
    // a gradient when the parameter is trainable.
    parameter.setInitializer((m, shape, type) -> array);
    parameter.initialize(manager, DataType.FLOAT32);
  }

  /**
   * Renames checkpoint tensors the way transformers does on load: legacy {@code LayerNorm.gamma}
   * and {@code .beta} become {@code .weight} and {@code .bias}, and the base-model prefix is added
   * or removed when the checkpoint and the model disagree on it.
   */
  private static Map<String, HostTensor> normalizeNames(
      Map<String, HostTensor> checkpoint, Map<String, Parameter> parameters, String basePrefix) {
    boolean modelHasPrefix =
        !basePrefix.isEmpty()
            && parameters.keySet().stream().anyMatch(n -> n.startsWith(basePrefix));
    boolean checkpointHasPrefix =
        !basePrefix.isEmpty()
            && checkpoint.keySet().stream().anyMatch(n -> n.startsWith(basePrefix));
    Map<String, HostTensor> out = new LinkedHashMap<>();
    checkpoint.forEach(
        (name, t) -> {
          String n = name;
          if (n.endsWith("LayerNorm.gamma")) {
            n = n.substring(0, n.length() - "gamma".length()) + "weight";
          } else if (n.endsWith("LayerNorm.beta")) {
            n = n.substring(0, n.length() - "beta".length()) + "bias";
          }
          if (modelHasPrefix && !checkpointHasPrefix) {
            n = basePrefix + n;
          } else if (!modelHasPrefix && checkpointHasPrefix && n.startsWith(basePrefix)) {
            n = n.substring(basePrefix.length());
          }
          out.put(n, t);
        });
    return out;
  }

  /** Widens half-precision tensors to float32 in Java (DJL's bfloat16 cast aborts on some CPUs). */
  private static HostTensor toFloat32(String name, HostTensor t) {
    ByteBuffer in = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.toIntExact(t.shape().size());
    float[] v = new float[n];
    switch (t.dataType()) {
      case FLOAT32 -> {
        return t;
      }
      case BFLOAT16 -> {
        for (int i = 0; i < n; i++) {
          v[i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
        }
      }
      case FLOAT16 -> {
        for (int i = 0; i < n; i++) {
          v[i] = HalfFloats.toFloat(in.getShort());
        }
      }
      case FLOAT64 -> {
        for (int i = 0; i < n; i++) {
          v[i] = (float) in.getDouble();
        }
      }
      default ->
          throw new IllegalArgumentException(
              "tensor " + name + " has type " + t.dataType() + "; a floating-point type is needed");
    }
    return HostTensor.ofFloats(v, t.shape());
  }

  /** A 64-bit seed from the model seed and a parameter name (FNV-1a over the name's UTF-8). */
  private static long mix(long seed, String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return seed * 0x9E3779B97F4A7C15L ^ h;
  }
}
