package io.github.qa4j.models.deberta;

import static io.github.qa4j.models.testing.TensorAssertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.heads.SpanHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The tiny DeBERTa fixtures made with transformers 5.17 ({@code make_fixtures.py} beside them):
 * hidden state, logits, loss and every gradient, element by element.
 */
class DebertaV2FixtureParityTest {

  private static final String[] FIXTURES = {
    "deberta-v3-tiny", "deberta-v2-tiny", "deberta-c2p-tiny", "deberta-absolute-tiny"
  };

  private static Stream<DynamicTest> eachFixture(ThrowingConsumer<Path> check) {
    return Stream.of(FIXTURES)
        .map(name -> DynamicTest.dynamicTest(name, () -> check.accept(DebertaQaFixture.dir(name))));
  }

  @TestFactory
  Stream<DynamicTest> forwardMatchesTransformers() {
    return eachFixture(DebertaV2FixtureParityTest::checkForward);
  }

  @TestFactory
  Stream<DynamicTest> lossAndEveryGradientMatchTransformers() {
    return eachFixture(DebertaV2FixtureParityTest::checkLossAndGradients);
  }

  private static Map<String, HostTensor> io(Path dir) throws IOException {
    return Safetensors.read(dir.resolve("io.safetensors"));
  }

  private static void checkForward(Path dir) throws IOException {
    Map<String, HostTensor> io = io(dir);
    try (DebertaQaFixture model = DebertaQaFixture.load(dir);
        NDManager step = NDManager.newBaseManager(Device.cpu())) {
      ParameterStore store = new ParameterStore(step, false);
      NDArray hidden =
          model.sequenceOutput(
              store,
              io.get("input_ids").toNDArray(step),
              io.get("token_type_ids").toNDArray(step),
              io.get("attention_mask").toNDArray(step),
              false);
      assertClose(hidden, io.get("last_hidden_state"), 1e-5, "last_hidden_state");
      QaOutputs.Span logits = model.head.logits(store, hidden, false);
      assertClose(logits.startLogits(), io.get("start_logits"), 1e-5, "start_logits");
      assertClose(logits.endLogits(), io.get("end_logits"), 1e-5, "end_logits");
    }
  }

  private static void checkLossAndGradients(Path dir) throws IOException {
    Map<String, HostTensor> io = io(dir);
    Map<String, HostTensor> grads = Safetensors.read(dir.resolve("grads.safetensors"));
    try (DebertaQaFixture model = DebertaQaFixture.load(dir)) {
      NDManager modelManager =
          model.namedParameters().values().iterator().next().getArray().getManager();
      int before = modelManager.getManagedArrays().size();
      // Two steps: the second must see fresh gradients and leave nothing behind either.
      for (int stepIndex = 0; stepIndex < 2; stepIndex++) {
        try (NDManager step = NDManager.newBaseManager(Device.cpu());
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          ParameterStore store = new ParameterStore(step, false);
          NDArray hidden =
              model.sequenceOutput(
                  store,
                  io.get("input_ids").toNDArray(step),
                  io.get("token_type_ids").toNDArray(step),
                  io.get("attention_mask").toNDArray(step),
                  true);
          QaOutputs.Span logits = model.head.logits(store, hidden, true);
          NDArray loss =
              SpanHead.loss(
                  logits.startLogits(),
                  logits.endLogits(),
                  io.get("start_positions").toNDArray(step),
                  io.get("end_positions").toNDArray(step));
          assertThat((double) loss.getFloat())
              .as("loss")
              .isCloseTo(io.get("loss").toFloatArray()[0], Offset.offset(1e-6));
          collector.backward(loss);
          int compared = 0;
          for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            HostTensor expected = grads.get("grad." + e.getKey());
            assertThat(expected).as("transformers' gradient of " + e.getKey()).isNotNull();
            try (NDArray g = e.getValue().getArray().getGradient()) {
              assertClose(g, expected, 1e-5, "grad." + e.getKey());
            }
            compared++;
          }
          assertThat(compared).isEqualTo(grads.size());
          ModelWeights.zeroGradients(model.namedParameters());
        }
        assertThat(modelManager.getManagedArrays()).hasSize(before);
      }
    }
  }
}
