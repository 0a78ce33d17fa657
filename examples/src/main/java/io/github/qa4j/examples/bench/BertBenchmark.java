package io.github.qa4j.examples.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.train.GradientClipping;
import io.github.qa4j.core.train.optim.AdamW;
import io.github.qa4j.core.train.optim.AdamWOptions;
import io.github.qa4j.models.bert.BertConfig;
import io.github.qa4j.models.bert.BertFamily;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.family.EncoderQaModel;
import io.github.qa4j.models.precision.LowPrecisionOps;
import io.github.qa4j.models.precision.OpaqueValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward and forward+backward time of BERT-base with the span head (random weights), the FLOP
 * count, and the fraction of this machine's measured matmul peak ({@link MatmulPeak}). The forward
 * runs in each precision asked for ({@code --precision fp32,bf16,int8}), beside the GFLOP/s of one
 * feed-forward product ({@code [batch * seq, hidden] x [hidden, intermediate]}) in that precision;
 * training runs in fp32 and, for bf16, in mixed precision ({@code
 * QaModel.useMixedPrecisionTraining}). {@code --mode step} times whole training steps (with
 * clipping and AdamW) and their phases, the counterpart of {@code
 * examples/python/bert_train_step.py} without {@code --forward-backward-only}.
 *
 * <p>Run: {@code java -cp examples/target/qa.jar io.github.qa4j.examples.bench.BertBenchmark
 * --batch 4 --seq 384 --mode forward --precision fp32,bf16,int8}.
 */
@Command(
    name = "bert-benchmark",
    mixinStandardHelpOptions = true,
    description = "Times BERT-base forward and forward+backward on this machine.")
public final class BertBenchmark extends ModelBenchmark {

  @Option(
      names = "--mode",
      description = "What to time: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Mode mode = Mode.BOTH;

  /** Which passes to time. */
  enum Mode {
    FORWARD,
    TRAIN,
    BOTH,
    /** A whole training step: forward, backward, clipping at norm 1 and AdamW, phases timed. */
    STEP
  }

  @Option(
      names = "--precision",
      split = ",",
      converter = PrecisionFlag.class,
      description = "Precisions, comma-separated: fp32, bf16, int8 (forward only) (default fp32).")
  List<Precision> precisions = List.of(Precision.FLOAT32);

  /** Parses {@code --precision} values. */
  static final class PrecisionFlag implements CommandLine.ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
      return Precision.parse(value);
    }
  }

  @Option(
      names = "--peak-runs",
      description = "Timed products per matmul size for the peak (default ${DEFAULT-VALUE}).")
  int peakRuns = 5;

  /** Batch 12 by default, as in the figures of issue 6 that ran without {@code --batch}. */
  BertBenchmark() {
    batch = 12;
  }

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(
        new CommandLine(new BertBenchmark())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() {
    // Labels start after a 64-token question and stay 32 tokens clear of the end.
    requireSeqAtLeast(97);
    Engine engine = announceEngine();
    MatmulPeak.Peak peak = MatmulPeak.measure(peakRuns, true);
    System.out.printf(
        "measured float32 matmul peak: %.1f GFLOP/s wall, %.1f GFLOP per CPU second%n",
        peak.perWallSecond(), peak.perCpuSecond());

    JsonObject json = bertBaseConfig();
    BertConfig config = BertConfig.from(json, Path.of("bert-base (built in)"));
    double forwardFlops = forwardFlops(config, batch, seqLen);
    // Backward costs about twice the forward's matmuls (gradients of inputs and of weights).
    double trainFlops = 3 * forwardFlops;
    try (EncoderQaModel model = new BertFamily().create(json, HeadType.SPAN, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      if (mode == Mode.FORWARD || mode == Mode.BOTH) {
        for (Precision precision : precisions) {
          model.usePrecision(precision, false);
          reportProduct(precision, config);
          Timings forward =
              time(
                  () -> {
                    try (NDManager step = manager.newSubManager()) {
                      model.predict(new ParameterStore(step, false), batch(step, config));
                    }
                  });
          report("forward " + precision.flag(), forward, forwardFlops, peak);
        }
        model.usePrecision(Precision.FLOAT32, false);
      }
      if (mode == Mode.STEP) {
        for (Precision precision : precisions) {
          if (precision == Precision.BF16) {
            model.useMixedPrecisionTraining(false);
          } else if (precision == Precision.FLOAT32) {
            model.usePrecision(precision, false);
          } else {
            continue;
          }
          timeSteps(model, engine, manager, config, precision);
        }
      } else if (mode != Mode.FORWARD) {
        for (Precision precision : precisions) {
          if (precision == Precision.INT8) {
            System.out.println("forward+backward int8: skipped, int8 is for inference");
            continue;
          }
          if (precision == Precision.BF16) {
            model.useMixedPrecisionTraining(false);
          } else {
            model.usePrecision(precision, false);
          }
          Timings train =
              time(
                  () -> {
                    try (NDManager step = manager.newSubManager();
                        GradientCollector collector = engine.newGradientCollector()) {
                      NDArray loss =
                          model.loss(new ParameterStore(step, false), batch(step, config), true);
                      collector.backward(loss);
                    }
                    ModelWeights.zeroGradients(model.namedParameters());
                  });
          report("forward+backward " + precision.flag(), train, trainFlops, peak);
        }
        model.usePrecision(Precision.FLOAT32, false);
      }
    }
    return 0;
  }

  /**
   * Times whole training steps as {@code TrainingLoop} takes them, with each phase's mean: forward
   * and backward, clipping the global gradient norm to 1, and the AdamW update (learning rate 3e-5,
   * no weight decay: the Trainer's defaults).
   */
  private void timeSteps(
      EncoderQaModel model,
      Engine engine,
      NDManager manager,
      BertConfig config,
      Precision precision) {
    Map<String, Parameter> parameters = model.namedParameters();
    for (Parameter p : parameters.values()) {
      if (!p.getArray().hasGradient()) {
        p.getArray().setRequiresGradient(true);
      }
    }
    List<Device> devices = List.of(Device.cpu());
    double[] phaseSeconds = new double[3];
    try (NDManager run = manager.newSubManager();
        AdamW optimizer = AdamW.forNamedParameters(run, parameters, AdamWOptions.DEFAULTS)) {
      ParameterStore store = new ParameterStore(run, false);
      store.setParameterServer(optimizer, devices.toArray(Device[]::new));
      Timings steps =
          time(
              () -> {
                long t0 = System.nanoTime();
                try (NDManager step = run.newSubManager();
                    GradientCollector collector = engine.newGradientCollector()) {
                  collector.backward(model.loss(store, batch(step, config), true));
                }
                long t1 = System.nanoTime();
                GradientClipping.clip(store, parameters.values(), devices, 1.0);
                long t2 = System.nanoTime();
                optimizer.prepareStep(3e-5);
                store.updateAllParameters();
                long t3 = System.nanoTime();
                phaseSeconds[0] += (t1 - t0) / 1e9;
                phaseSeconds[1] += (t2 - t1) / 1e9;
                phaseSeconds[2] += (t3 - t2) / 1e9;
              });
      int n = warmup + runs;
      System.out.printf(
          "training step %s, batch %d x %d: %s; %.2f windows/s at the best step; mean phases over"
              + " all %d steps: forward+backward %.3f s, clipping %.3f s, AdamW %.3f s%n",
          precision.flag(),
          batch,
          seqLen,
          steps,
          batch / steps.bestWall(),
          n,
          phaseSeconds[0] / n,
          phaseSeconds[1] / n,
          phaseSeconds[2] / n);
    }
  }

  /**
   * Times the feed-forward's first product, {@code [batch * seq, hidden] x [intermediate, hidden]^T
   * + b}, as the model computes it in {@code precision}.
   */
  private void reportProduct(Precision precision, BertConfig config) {
    long tokens = (long) batch * seqLen;
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      NDArray x = m.randomNormal(new Shape(tokens, config.hiddenSize()));
      NDArray w = m.randomNormal(new Shape(config.intermediateSize(), config.hiddenSize()));
      NDArray b = m.randomNormal(new Shape(config.intermediateSize()));
      Runnable product;
      if (precision == Precision.FLOAT32) {
        product = () -> Linear.linear(x, w, b).singletonOrThrow().close();
      } else {
        LowPrecisionOps ops = LowPrecisionOps.get();
        if (precision == Precision.BF16) {
          OpaqueValue wb = ops.toBf16(w, m);
          OpaqueValue bb = ops.toBf16(b, m);
          product = () -> ops.linearBf16(x, wb, bb).close();
        } else {
          OpaqueValue packed = ops.packInt8(w, b, m);
          product = () -> ops.linearInt8(x, packed).close();
        }
      }
      Timings t = Timings.measure(1, Math.max(runs, 5), product);
      double gflop = 2.0 * tokens * config.hiddenSize() * config.intermediateSize() / 1e9;
      System.out.printf(
          "%s product %d x %d x %d: %.1f GFLOP/s wall, %.1f GFLOP per CPU second (%s)%n",
          precision.flag(),
          tokens,
          config.hiddenSize(),
          config.intermediateSize(),
          gflop / t.bestWall(),
          gflop / t.bestCpu(),
          t);
    }
  }

  private void report(String what, Timings t, double flops, MatmulPeak.Peak peak) {
    double gflop = flops / 1e9;
    double wall = gflop / t.bestWall();
    double cpu = gflop / t.bestCpu();
    System.out.printf(
        "%s, batch %d x %d: %s; %.1f GFLOP -> %.1f GFLOP/s wall (%.0f%% of the matmul peak),"
            + " %.1f GFLOP per CPU second (%.0f%% of the matmul peak per CPU second)%n",
        what,
        batch,
        seqLen,
        t,
        gflop,
        wall,
        100 * wall / peak.perWallSecond(),
        cpu,
        100 * cpu / peak.perCpuSecond());
  }

  /**
   * Multiply-add FLOPs (2 per multiply-add) of the encoder's matrix products and the span head: per
   * layer the Q, K, V and output projections ({@code 4 * 2 T H^2}), the feed-forward ({@code 2 * 2
   * T H I}) and the attention products ({@code 2 * 2 B L^2 H}), with {@code T = B L} tokens.
   * Element-wise work (softmax, LayerNorm, GELU) is left out, as is usual.
   */
  static double forwardFlops(BertConfig c, int batch, int seqLen) {
    double tokens = (double) batch * seqLen;
    double h = c.hiddenSize();
    double perLayer =
        4 * 2 * tokens * h * h
            + 2 * 2 * tokens * h * c.intermediateSize()
            + 2 * 2 * (double) batch * seqLen * seqLen * h;
    return c.numHiddenLayers() * perLayer + 2 * tokens * h * 2;
  }

  /** Random ids over the whole vocabulary, question type 0 for the first 64 tokens, no padding. */
  private QaBatch batch(NDManager m, BertConfig config) {
    SplittableRandom random = new SplittableRandom(7);
    long[] ids = new long[batch * seqLen];
    long[] types = new long[batch * seqLen];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1000 + random.nextInt(config.vocabSize() - 1000);
      types[i] = i % seqLen < 64 ? 0 : 1;
    }
    long[] starts = new long[batch];
    long[] ends = new long[batch];
    for (int i = 0; i < batch; i++) {
      starts[i] = 64 + random.nextInt(seqLen - 96);
      ends[i] = starts[i] + random.nextInt(30);
    }
    Shape shape = new Shape(batch, seqLen);
    return new QaBatch(
        m.create(ids, shape),
        m.create(types, shape),
        m.ones(shape, DataType.INT64),
        null,
        null,
        m.create(starts),
        m.create(ends),
        null);
  }

  /** The {@code bert-base-uncased} architecture. */
  static JsonObject bertBaseConfig() {
    JsonObject c = new JsonObject();
    c.addProperty("model_type", "bert");
    c.addProperty("vocab_size", 30522);
    c.addProperty("hidden_size", 768);
    c.addProperty("num_hidden_layers", 12);
    c.addProperty("num_attention_heads", 12);
    c.addProperty("intermediate_size", 3072);
    c.addProperty("max_position_embeddings", 512);
    c.addProperty("type_vocab_size", 2);
    c.addProperty("hidden_dropout_prob", 0.1);
    c.addProperty("attention_probs_dropout_prob", 0.1);
    return c;
  }
}
