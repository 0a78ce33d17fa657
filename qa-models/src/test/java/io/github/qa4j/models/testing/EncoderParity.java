package io.github.qa4j.models.testing;

import static io.github.qa4j.models.testing.TensorAssertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.models.common.CheckpointFiles;
import io.github.qa4j.models.common.LoadPolicy;
import io.github.qa4j.models.common.LoadReport;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.common.ParameterInit;
import io.github.qa4j.models.heads.SpanHead;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/**
 * Parity of an encoder with transformers on the fixtures under {@code fixtures/families/} (made by
 * the {@code make_fixtures.py} beside them): the encoder under the span head, named as the family's
 * {@code *ForQuestionAnswering} names them and loaded strictly from the fixture, must give the same
 * last hidden state, logits, loss and gradient of every parameter.
 */
public final class EncoderParity {

  /** Logits, hidden states and gradients. */
  public static final double TOLERANCE = 1e-5;

  /** The loss. */
  public static final double LOSS_TOLERANCE = 1e-6;

  private EncoderParity() {}

  /** The {@code sequenceOutput} method that every encoder has. */
  @FunctionalInterface
  public interface Encoder {
    /** The last hidden state. */
    NDArray sequenceOutput(
        ParameterStore store,
        NDArray inputIds,
        NDArray tokenTypeIds,
        NDArray attentionMask,
        boolean training);
  }

  /** The fixture folder {@code fixtures/families/<name>} on the test class path. */
  public static Path fixture(String name) {
    URL config = EncoderParity.class.getResource("/fixtures/families/" + name + "/config.json");
    if (config == null) {
      throw new IllegalStateException("missing test resource fixtures/families/" + name);
    }
    try {
      return Path.of(config.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fixture's {@code config.json}. */
  public static JsonObject config(Path dir) throws IOException {
    return QaModels.readConfig(dir.resolve("config.json"));
  }

  /**
   * Checks the forward pass: {@code last_hidden_state}, {@code start_logits} and {@code
   * end_logits}.
   *
   * @param dir the fixture
   * @param prefix the encoder's name in the QA model, for example {@code roberta}
   * @param encoder the encoder block, its parameters not yet set
   * @param forward its {@code sequenceOutput}
   * @param hiddenSize its width
   */
  public static void assertForward(
      Path dir, String prefix, NamedBlock encoder, Encoder forward, int hiddenSize)
      throws IOException {
    Map<String, HostTensor> io = Safetensors.read(dir.resolve("io.safetensors"));
    QaNetwork network = new QaNetwork(prefix, encoder, hiddenSize);
    try (NDManager weights = NDManager.newBaseManager(Device.cpu());
        NDManager step = NDManager.newBaseManager(Device.cpu())) {
      network.load(dir, weights);
      ParameterStore store = new ParameterStore(step, false);
      NDArray hidden = encode(forward, store, step, io, false);
      assertClose(hidden, io.get("last_hidden_state"), TOLERANCE, "last_hidden_state");
      QaOutputs.Span logits = network.head.logits(store, hidden, false);
      assertClose(logits.startLogits(), io.get("start_logits"), TOLERANCE, "start_logits");
      assertClose(logits.endLogits(), io.get("end_logits"), TOLERANCE, "end_logits");
    }
  }

  /**
   * Checks the training loss and the gradient of every parameter, by name, twice (the second step
   * must see fresh gradients).
   *
   * @param dir the fixture
   * @param prefix the encoder's name in the QA model, for example {@code roberta}
   * @param encoder the encoder block, its parameters not yet set
   * @param forward its {@code sequenceOutput}
   * @param hiddenSize its width
   */
  public static void assertLossAndGradients(
      Path dir, String prefix, NamedBlock encoder, Encoder forward, int hiddenSize)
      throws IOException {
    Map<String, HostTensor> io = Safetensors.read(dir.resolve("io.safetensors"));
    Map<String, HostTensor> grads = Safetensors.read(dir.resolve("grads.safetensors"));
    QaNetwork network = new QaNetwork(prefix, encoder, hiddenSize);
    Map<String, Parameter> parameters = network.namedParameters();
    assertThat(grads.keySet())
        .as("a transformers gradient for every parameter")
        .containsExactlyInAnyOrderElementsOf(
            parameters.keySet().stream().map(n -> "grad." + n).toList());
    try (NDManager weights = NDManager.newBaseManager(Device.cpu())) {
      network.load(dir, weights);
      for (int stepIndex = 0; stepIndex < 2; stepIndex++) {
        try (NDManager step = NDManager.newBaseManager(Device.cpu());
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          ParameterStore store = new ParameterStore(step, false);
          NDArray hidden = encode(forward, store, step, io, true);
          QaOutputs.Span logits = network.head.logits(store, hidden, true);
          NDArray loss =
              SpanHead.loss(
                  logits.startLogits(),
                  logits.endLogits(),
                  io.get("start_positions").toNDArray(step),
                  io.get("end_positions").toNDArray(step));
          assertThat((double) loss.getFloat())
              .as("loss")
              .isCloseTo(io.get("loss").toFloatArray()[0], within(LOSS_TOLERANCE));
          collector.backward(loss);
          for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            try (NDArray g = e.getValue().getArray().getGradient()) {
              assertClose(g, grads.get("grad." + e.getKey()), TOLERANCE, "grad." + e.getKey());
            }
          }
          ModelWeights.zeroGradients(parameters);
        }
      }
    }
  }

  private static NDArray encode(
      Encoder forward,
      ParameterStore store,
      NDManager m,
      Map<String, HostTensor> io,
      boolean training) {
    HostTensor types = io.get("token_type_ids");
    return forward.sequenceOutput(
        store,
        io.get("input_ids").toNDArray(m),
        types == null ? null : types.toNDArray(m),
        io.get("attention_mask").toNDArray(m),
        training);
  }

  /** The encoder under {@code prefix} and the span head's {@code qa_outputs} beside it. */
  private static final class QaNetwork extends NamedBlock {
    private final SpanHead head;

    QaNetwork(String prefix, NamedBlock encoder, int hiddenSize) {
      child(prefix, encoder);
      head = child("", new SpanHead(hiddenSize));
    }

    /** Every parameter from the fixture's checkpoint: none missing, none left over. */
    void load(Path dir, NDManager manager) throws IOException {
      LoadReport report =
          ModelWeights.load(
              namedParameters(),
              CheckpointFiles.read(dir),
              dir.toString(),
              LoadPolicy.strict(),
              ParameterInit.transformers(0.02),
              0,
              manager);
      assertThat(report.initialized()).isEmpty();
      assertThat(report.ignored()).isEmpty();
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      throw new UnsupportedOperationException("the parity checks call the encoder directly");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      throw new UnsupportedOperationException("the parity checks call the encoder directly");
    }
  }
}
