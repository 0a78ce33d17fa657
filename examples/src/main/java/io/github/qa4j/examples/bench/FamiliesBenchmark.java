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
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.models.albert.AlbertConfig;
import io.github.qa4j.models.albert.AlbertModel;
import io.github.qa4j.models.bert.BertConfig;
import io.github.qa4j.models.bert.BertModel;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.distilbert.DistilBertConfig;
import io.github.qa4j.models.distilbert.DistilBertModel;
import io.github.qa4j.models.electra.ElectraConfig;
import io.github.qa4j.models.electra.ElectraModel;
import io.github.qa4j.models.heads.SpanHead;
import io.github.qa4j.models.roberta.RobertaConfig;
import io.github.qa4j.models.roberta.RobertaModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward (span logits) and forward+backward (span loss) time of each encoder family at its base
 * size with the span head, random weights, float32, in one run so that they compare: BERT-base,
 * RoBERTa-base, DistilBERT-base, ELECTRA-base (discriminator) and ALBERT-base-v2.
 *
 * <p>Run: {@code java -cp examples/target/qa.jar io.github.qa4j.examples.bench.FamiliesBenchmark
 * --batch 4 --seq 384}.
 */
@Command(
    name = "families-benchmark",
    mixinStandardHelpOptions = true,
    description = "Times each encoder family's forward and forward+backward on this machine.")
public final class FamiliesBenchmark extends ModelBenchmark {

  @Option(
      names = "--layers",
      description = "Layers of every encoder, 0 for each family's own (default ${DEFAULT-VALUE}).")
  int layers = 0;

  @Option(
      names = "--families",
      split = ",",
      description = "Which to time (default ${DEFAULT-VALUE}).")
  List<String> families = List.of("bert", "roberta", "distilbert", "electra", "albert");

  /** Runs the benchmark. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new FamiliesBenchmark()).execute(args));
  }

  /** The last hidden state of an encoder, as every family's {@code sequenceOutput} gives it. */
  @FunctionalInterface
  private interface SequenceOutput {
    NDArray apply(ParameterStore store, NDArray ids, NDArray types, NDArray mask, boolean training);
  }

  /** One family at base size. */
  private record Family(
      String name,
      NamedBlock encoder,
      SequenceOutput forward,
      ParameterInit init,
      int hiddenSize,
      int vocabSize,
      boolean feedsTokenTypes) {}

  @Override
  public Integer call() {
    Engine engine = announceEngine();
    for (String name : families) {
      Family family = family(name);
      SpanHead head = new SpanHead(family.hiddenSize());
      try (NDManager weights = NDManager.newBaseManager(Device.cpu())) {
        var encoderParameters = family.encoder().namedParameters();
        ModelWeights.initialize(
            encoderParameters,
            new ArrayList<>(encoderParameters.keySet()),
            family.init(),
            1,
            weights);
        var headParameters = head.namedParameters();
        ModelWeights.initialize(
            headParameters,
            new ArrayList<>(headParameters.keySet()),
            ParameterInit.transformers(0.02),
            1,
            weights);
        Timings forward =
            time(
                () -> {
                  try (NDManager step = weights.newSubManager()) {
                    ParameterStore store = new ParameterStore(step, false);
                    NDArray hidden = encode(family, store, step, false);
                    head.logits(store, hidden, false).startLogits().toFloatArray();
                  }
                });
        Timings train =
            time(
                () -> {
                  try (NDManager step = weights.newSubManager();
                      GradientCollector collector = engine.newGradientCollector()) {
                    ParameterStore store = new ParameterStore(step, false);
                    QaOutputs.Span logits =
                        head.logits(store, encode(family, store, step, true), true);
                    NDArray loss =
                        SpanHead.loss(
                            logits.startLogits(),
                            logits.endLogits(),
                            positions(step, 3),
                            positions(step, 5));
                    collector.backward(loss);
                  }
                  ModelWeights.zeroGradients(encoderParameters);
                  ModelWeights.zeroGradients(headParameters);
                });
        System.out.printf(
            "%-10s batch %d x %d: forward %s (best %.3f s); forward+backward %s (best %.3f s)%n",
            name, batch, seqLen, forward, forward.bestWall(), train, train.bestWall());
      }
    }
    return 0;
  }

  /**
   * Random ids without padding; token types 1 after a 32-token question where the family has them.
   */
  private NDArray encode(Family family, ParameterStore store, NDManager m, boolean training) {
    SplittableRandom random = new SplittableRandom(7);
    long[] ids = new long[batch * seqLen];
    long[] types = new long[batch * seqLen];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 10 + random.nextInt(family.vocabSize() - 10);
      types[i] = i % seqLen < 32 ? 0 : 1;
    }
    Shape shape = new Shape(batch, seqLen);
    return family
        .forward()
        .apply(
            store,
            m.create(ids, shape),
            family.feedsTokenTypes() ? m.create(types, shape) : null,
            m.ones(shape, DataType.INT64),
            training);
  }

  private NDArray positions(NDManager m, int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] p = new long[batch];
    for (int i = 0; i < batch; i++) {
      p[i] = random.nextInt(seqLen);
    }
    return m.create(p);
  }

  private Family family(String name) {
    Path source = Path.of(name + "-base (built in)");
    switch (name) {
      case "bert" -> {
        BertConfig c = BertConfig.from(bertLike(30522, 512, layers(12), 2), source);
        BertModel e = new BertModel(c, false);
        return new Family(name, e, e::sequenceOutput, BertModel.initializer(c), 768, 30522, true);
      }
      case "roberta" -> {
        JsonObject json = bertLike(50265, 514, layers(12), 1);
        json.addProperty("pad_token_id", 1);
        json.addProperty("layer_norm_eps", 1e-5);
        RobertaConfig c = RobertaConfig.from(json, source);
        RobertaModel e = new RobertaModel(c);
        return new Family(
            name, e, e::sequenceOutput, RobertaModel.initializer(c), 768, 50265, false);
      }
      case "distilbert" -> {
        JsonObject json = new JsonObject();
        json.addProperty("vocab_size", 30522);
        json.addProperty("dim", 768);
        json.addProperty("n_layers", layers(6));
        json.addProperty("n_heads", 12);
        json.addProperty("hidden_dim", 3072);
        json.addProperty("max_position_embeddings", 512);
        DistilBertConfig c = DistilBertConfig.from(json, source);
        DistilBertModel e = new DistilBertModel(c);
        return new Family(
            name, e, e::sequenceOutput, DistilBertModel.initializer(c), 768, 30522, false);
      }
      case "electra" -> {
        JsonObject json = bertLike(30522, 512, layers(12), 2);
        json.addProperty("embedding_size", 768);
        ElectraConfig c = ElectraConfig.from(json, source);
        ElectraModel e = new ElectraModel(c);
        return new Family(
            name, e, e::sequenceOutput, ElectraModel.initializer(c), 768, 30522, true);
      }
      case "albert" -> {
        JsonObject json = bertLike(30000, 512, layers(12), 2);
        json.addProperty("embedding_size", 128);
        json.addProperty("hidden_act", "gelu_new");
        json.addProperty("hidden_dropout_prob", 0.0);
        json.addProperty("attention_probs_dropout_prob", 0.0);
        AlbertConfig c = AlbertConfig.from(json, source);
        AlbertModel e = new AlbertModel(c);
        return new Family(name, e, e::sequenceOutput, AlbertModel.initializer(c), 768, 30000, true);
      }
      default ->
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "--families: unknown family '"
                  + name
                  + "' (bert, roberta, distilbert, electra, albert)");
    }
  }

  private int layers(int familyDefault) {
    return layers > 0 ? layers : familyDefault;
  }

  /** BERT-base's fields with the given vocabulary, positions, layers and token types. */
  private static JsonObject bertLike(int vocab, int maxPositions, int layers, int typeVocab) {
    JsonObject c = new JsonObject();
    c.addProperty("vocab_size", vocab);
    c.addProperty("hidden_size", 768);
    c.addProperty("num_hidden_layers", layers);
    c.addProperty("num_attention_heads", 12);
    c.addProperty("intermediate_size", 3072);
    c.addProperty("max_position_embeddings", maxPositions);
    c.addProperty("type_vocab_size", typeVocab);
    c.addProperty("hidden_dropout_prob", 0.1);
    c.addProperty("attention_probs_dropout_prob", 0.1);
    return c;
  }
}
