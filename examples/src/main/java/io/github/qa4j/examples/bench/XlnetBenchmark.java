package io.github.qa4j.examples.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.family.EncoderQaModel;
import io.github.qa4j.models.xlnet.XlnetConfig;
import io.github.qa4j.models.xlnet.XlnetFamily;
import java.nio.file.Path;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward (beam-search inference) and forward+backward (training loss) time of an XLNet-base-sized
 * model with the beam-search head, random weights, float32, and the matmul FLOP rate.
 *
 * <p>Run: {@code java -cp examples/target/qa.jar io.github.qa4j.examples.bench.XlnetBenchmark
 * --batch 4 --seq 384}.
 */
@Command(
    name = "xlnet-benchmark",
    mixinStandardHelpOptions = true,
    description = "Times XLNet-base forward and forward+backward on this machine.")
public final class XlnetBenchmark extends ModelBenchmark {

  @Option(names = "--layers", description = "Encoder layers (default ${DEFAULT-VALUE}).")
  int layers = 12;

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new XlnetBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    requireSeqAtLeast(66); // a 32-token question, 3 special tokens and labels up to 30 tokens long
    Engine engine = announceEngine();
    JsonObject json = xlnetBaseConfig(layers);
    XlnetConfig config = XlnetConfig.fromJson(json, Path.of("xlnet-base (built in)"));
    try (EncoderQaModel model =
            new XlnetFamily().create(json, HeadType.BEAM_SEARCH, 1, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Timings forward =
          time(
              () -> {
                try (NDManager step = manager.newSubManager()) {
                  model.predict(new ParameterStore(step, false), batch(step, config));
                }
              });
      report("forward", forward, encoderFlops(config) + inferenceHeadFlops(config));
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
      // Backward costs about twice the forward's matmuls (gradients of inputs and of weights).
      report("forward+backward", train, 3 * (encoderFlops(config) + trainingHeadFlops(config)));
    }
    return 0;
  }

  private void report(String what, Timings t, double flops) {
    double gflop = flops / 1e9;
    System.out.printf(
        "%s, batch %d x %d: %s; %.1f GFLOP -> %.1f GFLOP/s by best wall time, %.1f GFLOP/s per"
            + " CPU-second (best run)%n",
        what, batch, seqLen, t, gflop, gflop / t.bestWall(), gflop / t.bestCpu());
  }

  /**
   * Multiply-add FLOPs (2 per multiply-add) of the encoder's matrix products, with {@code T = B L}
   * tokens: per layer the q, k, v, o projections ({@code 4 * 2 T H^2}), the projection of the
   * {@code 2L} relative positions ({@code 2 * 2L H^2}), the content, position (against {@code 2L}
   * positions) and value products ({@code 2 B L^2 H + 2 B L 2L H + 2 B L^2 H}) and the feed-forward
   * ({@code 2 * 2 T H I}). Element-wise work is left out, as is usual.
   */
  double encoderFlops(XlnetConfig c) {
    double tokens = (double) batch * seqLen;
    double h = c.dModel();
    double perLayer =
        4 * 2 * tokens * h * h
            + 2 * 2.0 * seqLen * h * h
            + 8 * tokens * seqLen * h
            + 2 * 2 * tokens * h * c.dInner();
    return c.nLayer() * perLayer;
  }

  /** Training head: start dense, end dense_0 on {@code [h; h_start]} and dense_1. */
  double trainingHeadFlops(XlnetConfig c) {
    double tokens = (double) batch * seqLen;
    double h = c.dModel();
    return 2 * tokens * h + 2 * tokens * 2 * h * h + 2 * tokens * h;
  }

  /** Inference head: as in training, but the end pooler runs once per start candidate. */
  double inferenceHeadFlops(XlnetConfig c) {
    double tokens = (double) batch * seqLen;
    double h = c.dModel();
    return 2 * tokens * h + c.startNTop() * (2 * tokens * 2 * h * h + 2 * tokens * h);
  }

  /**
   * Random XLNet-layout windows without padding: context (type 0), {@code <sep>}, a 32-token
   * question (type 1), {@code <sep>}, {@code <cls>} (type 2) last; labels inside the context.
   */
  private QaBatch batch(NDManager m, XlnetConfig config) {
    SplittableRandom random = new SplittableRandom(7);
    int question = 32;
    int context = seqLen - question - 3;
    long[] ids = new long[batch * seqLen];
    long[] types = new long[batch * seqLen];
    float[] pMask = new float[batch * seqLen];
    for (int i = 0; i < ids.length; i++) {
      int t = i % seqLen;
      ids[i] = 10 + random.nextInt(config.vocabSize() - 10);
      types[i] = t < context ? 0 : t == seqLen - 1 ? 2 : 1;
      pMask[i] = t < context || t == seqLen - 1 ? 0 : 1;
    }
    long[] cls = new long[batch];
    long[] starts = new long[batch];
    long[] ends = new long[batch];
    float[] impossible = new float[batch];
    for (int i = 0; i < batch; i++) {
      cls[i] = seqLen - 1;
      starts[i] = random.nextInt(context - 30);
      ends[i] = starts[i] + random.nextInt(30);
      impossible[i] = random.nextInt(2);
    }
    Shape shape = new Shape(batch, seqLen);
    return new QaBatch(
        m.create(ids, shape),
        m.create(types, shape),
        m.ones(shape, DataType.INT64),
        m.create(pMask, shape),
        m.create(cls),
        m.create(starts),
        m.create(ends),
        m.create(impossible));
  }

  /** The {@code xlnet-base-cased} architecture, with {@code layers} layers. */
  static JsonObject xlnetBaseConfig(int layers) {
    JsonObject c = new JsonObject();
    c.addProperty("model_type", "xlnet");
    c.addProperty("vocab_size", 32000);
    c.addProperty("d_model", 768);
    c.addProperty("n_layer", layers);
    c.addProperty("n_head", 12);
    c.addProperty("d_inner", 3072);
    c.addProperty("ff_activation", "gelu");
    c.addProperty("dropout", 0.1);
    c.addProperty("start_n_top", 5);
    c.addProperty("end_n_top", 5);
    return c;
  }
}
