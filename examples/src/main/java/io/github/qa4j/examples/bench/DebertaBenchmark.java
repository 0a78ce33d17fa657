package io.github.qa4j.examples.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.deberta.DebertaV2Config;
import io.github.qa4j.models.deberta.DebertaV2Model;
import io.github.qa4j.models.heads.SpanHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward and forward+backward time of DeBERTa-v3-base (the {@code microsoft/deberta-v3-base}
 * architecture: 12 layers, hidden 768, 256 position buckets, c2p and p2c) with the span head,
 * random weights, float32.
 *
 * <p>Run: {@code java -cp examples/target/qa.jar io.github.qa4j.examples.bench.DebertaBenchmark
 * --batch 4 --seq 384}.
 */
@Command(
    name = "deberta-benchmark",
    mixinStandardHelpOptions = true,
    description = "Times DeBERTa-v3-base forward and forward+backward on this machine.")
public final class DebertaBenchmark extends ModelBenchmark {

  @Option(names = "--layers", description = "Encoder layers (default ${DEFAULT-VALUE}).")
  int layers = 12;

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DebertaBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    requireSeqAtLeast(31); // labels up to 30 tokens long
    Engine engine = announceEngine();
    DebertaV2Config config =
        DebertaV2Config.from(debertaV3BaseConfig(layers), Path.of("deberta-v3-base (built in)"));
    DebertaV2Model encoder = new DebertaV2Model(config);
    SpanHead head = new SpanHead(config.hiddenSize());
    Map<String, Parameter> parameters = new LinkedHashMap<>(encoder.namedParameters("deberta."));
    parameters.putAll(head.namedParameters());
    try (NDManager weights = NDManager.newBaseManager(Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      ModelWeights.initialize(
          parameters,
          new ArrayList<>(parameters.keySet()),
          DebertaV2Model.initializer(config),
          1,
          weights);
      Timings forward =
          time(
              () -> {
                try (NDManager step = manager.newSubManager()) {
                  ParameterStore store = new ParameterStore(step, false);
                  QaBatch b = batch(step, config);
                  head.predict(store, hidden(encoder, store, b, false), b);
                }
              });
      System.out.printf("forward, batch %d x %d: %s%n", batch, seqLen, forward);
      Timings train =
          time(
              () -> {
                try (NDManager step = manager.newSubManager();
                    GradientCollector collector = engine.newGradientCollector()) {
                  ParameterStore store = new ParameterStore(step, false);
                  QaBatch b = batch(step, config);
                  NDArray loss = head.loss(store, hidden(encoder, store, b, true), b, true);
                  collector.backward(loss);
                }
                ModelWeights.zeroGradients(parameters);
              });
      System.out.printf("forward+backward, batch %d x %d: %s%n", batch, seqLen, train);
    }
    return 0;
  }

  private static NDArray hidden(
      DebertaV2Model encoder, ParameterStore store, QaBatch b, boolean training) {
    return encoder.sequenceOutput(
        store, b.inputIds(), b.tokenTypeIds(), b.attentionMask(), training);
  }

  /** Random windows without padding, labels anywhere in the window. */
  private QaBatch batch(NDManager m, DebertaV2Config config) {
    SplittableRandom random = new SplittableRandom(7);
    long[] ids = new long[batch * seqLen];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 10 + random.nextInt(config.vocabSize() - 10);
    }
    long[] starts = new long[batch];
    long[] ends = new long[batch];
    for (int i = 0; i < batch; i++) {
      starts[i] = random.nextInt(seqLen - 30);
      ends[i] = starts[i] + random.nextInt(30);
    }
    Shape shape = new Shape(batch, seqLen);
    return new QaBatch(
        m.create(ids, shape),
        null,
        m.ones(shape, DataType.INT64),
        null,
        null,
        m.create(starts),
        m.create(ends),
        null);
  }

  /** The {@code microsoft/deberta-v3-base} architecture, with {@code layers} layers. */
  static JsonObject debertaV3BaseConfig(int layers) {
    JsonObject c = new JsonObject();
    c.addProperty("model_type", DebertaV2Config.MODEL_TYPE);
    c.addProperty("vocab_size", 128100);
    c.addProperty("hidden_size", 768);
    c.addProperty("num_hidden_layers", layers);
    c.addProperty("num_attention_heads", 12);
    c.addProperty("intermediate_size", 3072);
    c.addProperty("hidden_act", "gelu");
    c.addProperty("max_position_embeddings", 512);
    c.addProperty("type_vocab_size", 0);
    c.addProperty("layer_norm_eps", 1e-7);
    c.addProperty("relative_attention", true);
    c.addProperty("max_relative_positions", -1);
    c.addProperty("position_buckets", 256);
    c.addProperty("norm_rel_ebd", "layer_norm");
    c.addProperty("share_att_key", true);
    c.addProperty("pos_att_type", "p2c|c2p");
    c.addProperty("position_biased_input", false);
    return c;
  }
}
