package io.github.qa4j.examples.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.hub.ModelResolver;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.ModelFit;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.model.QaOutputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qa logits}: runs a model over the windows that {@code qa features} wrote and writes its
 * head's outputs, float32, in window order, under transformers' names: {@code start_logits} and
 * {@code end_logits} {@code [windows, seq_len]} for the span head; {@code start_top_log_probs},
 * {@code start_top_index}, {@code end_top_log_probs}, {@code end_top_index} and {@code cls_logits}
 * for the beam-search head (indexes int64). With {@code features} before it and {@code decode}
 * after it, the pipeline runs step by step, and the logits can be compared with Python's.
 */
@Command(
    name = "logits",
    mixinStandardHelpOptions = true,
    description = {
      "Run a model over the windows of a `qa features` file and write its outputs (float32",
      "start_logits and end_logits [windows, seq_len] in window order; the beam-search head's",
      "five outputs under transformers' names) to a safetensors file."
    })
public final class LogitsCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      description = "Model: directory, Hub name or maven:G:A:V.")
  String model;

  @Option(
      names = "--features",
      required = true,
      description = "Windows as `qa features` writes them: FILE.jsonl or FILE.jsonl.gz.")
  Path features;

  @Option(names = "--out", required = true, description = "Output FILE.safetensors.")
  Path out;

  @Option(
      names = {"--batch-size", "--batch_size"},
      defaultValue = "32",
      description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CliChecks.requireFile(spec, "--features", features);
    CliChecks.atLeast(spec, "--batch-size", batchSize, 1);
    OutputGuard.of(spec).input("--features", features).output("--out", out).check();
    List<QaFeature> windows = FeatureLines.read(features);
    if (windows.isEmpty()) {
      throw new IllegalArgumentException(features + ": holds no windows");
    }
    Path modelDir = ModelResolver.defaults().resolve(model);
    checkFit(QaModels.readConfig(modelDir.resolve("config.json")), modelDir, windows);
    Device device = Engine.getInstance().defaultDevice();
    Map<String, HostTensor> tensors;
    try (QaModel qa = QaModels.load(modelDir, null, QaModels.DEFAULT_SEED, device)) {
      tensors = run(qa, windows);
    }
    Safetensors.write(out, tensors, Map.of("format", "pt"));
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s for %d windows to %s%n",
            String.join(", ", tensors.keySet()), windows.size(), out.toAbsolutePath());
    return 0;
  }

  /** Windows longer than the model's positions, or ids past its vocabulary, are refused. */
  private void checkFit(JsonObject config, Path modelDir, List<QaFeature> windows) {
    int length = windows.get(0).length();
    OptionalInt positions = ModelFit.maxWindow(config);
    if (positions.isPresent() && length > positions.getAsInt()) {
      throw new IllegalArgumentException(
          features
              + ": holds windows of "
              + length
              + " tokens, longer than the "
              + positions.getAsInt()
              + " positions of the model "
              + modelDir);
    }
    if (config.has("vocab_size") && config.get("vocab_size").isJsonPrimitive()) {
      int vocab = config.get("vocab_size").getAsInt();
      for (QaFeature w : windows) {
        for (int id : w.inputIds()) {
          if (id < 0 || id >= vocab) {
            throw new IllegalArgumentException(
                features
                    + ": window of "
                    + w.exampleId()
                    + " has token id "
                    + id
                    + ", outside the vocabulary of "
                    + vocab
                    + " of the model "
                    + modelDir
                    + ": were the features cut with this model's tokenizer?");
          }
        }
      }
    }
  }

  /** The head's outputs for every window, stacked in window order. */
  private Map<String, HostTensor> run(QaModel qa, List<QaFeature> windows) {
    int n = windows.size();
    Map<String, Column> columns = new LinkedHashMap<>();
    for (int from = 0; from < n; from += batchSize) {
      List<QaFeature> chunk = windows.subList(from, Math.min(n, from + batchSize));
      try (NDManager scope = qa.manager().newSubManager()) {
        QaOutputs outputs =
            qa.predict(new ParameterStore(scope, false), QaBatch.of(scope, chunk, false));
        for (Map.Entry<String, NDArray> e : named(outputs).entrySet()) {
          columns.computeIfAbsent(e.getKey(), k -> new Column(n)).put(e.getValue(), from);
        }
      }
    }
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    columns.forEach((name, column) -> tensors.put(name, column.tensor()));
    return tensors;
  }

  /** The head's outputs under transformers' names, in transformers' order. */
  private static Map<String, NDArray> named(QaOutputs outputs) {
    Map<String, NDArray> named = new LinkedHashMap<>();
    if (outputs instanceof QaOutputs.Span span) {
      named.put("start_logits", span.startLogits());
      named.put("end_logits", span.endLogits());
    } else if (outputs instanceof QaOutputs.BeamSearch beam) {
      named.put("start_top_log_probs", beam.startTopProbs());
      named.put("start_top_index", beam.startTopIndex());
      named.put("end_top_log_probs", beam.endTopProbs());
      named.put("end_top_index", beam.endTopIndex());
      named.put("cls_logits", beam.clsLogits());
    }
    return named;
  }

  /**
   * One output for every window: float32, or int64 for indexes, laid out {@code [windows, ...]} as
   * the head gives it per batch.
   */
  private static final class Column {
    private final int windows;
    private Shape row;
    private boolean indexes;
    private float[] floats;
    private long[] longs;

    Column(int windows) {
      this.windows = windows;
    }

    void put(NDArray batch, int from) {
      Shape shape = batch.getShape();
      int b = Math.toIntExact(shape.get(0));
      if (row == null) {
        row = shape.slice(1);
        indexes = batch.getDataType().isInteger();
        int size = Math.toIntExact(windows * row.size());
        floats = indexes ? null : new float[size];
        longs = indexes ? new long[size] : null;
      }
      int width = Math.toIntExact(row.size());
      if (indexes) {
        long[] values = batch.toType(DataType.INT64, false).toLongArray();
        System.arraycopy(values, 0, longs, from * width, b * width);
      } else {
        float[] values = batch.toType(DataType.FLOAT32, false).toFloatArray();
        System.arraycopy(values, 0, floats, from * width, b * width);
      }
    }

    HostTensor tensor() {
      Shape shape = new Shape(windows).addAll(row);
      return indexes ? HostTensor.ofLongs(longs, shape) : HostTensor.ofFloats(floats, shape);
    }
  }
}
