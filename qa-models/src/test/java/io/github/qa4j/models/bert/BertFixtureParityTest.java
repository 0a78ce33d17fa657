package io.github.qa4j.models.bert;

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
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.family.EncoderQaModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The tiny BERT fixtures made with transformers (and a reference for the relative types): logits,
 * hidden state, loss and every gradient, element by element.
 */
class BertFixtureParityTest {

  private static final String[] FIXTURES = {
    "bert-tiny-absolute", "bert-tiny-relative_key", "bert-tiny-relative_key_query"
  };

  private static Stream<DynamicTest> eachFixture(ThrowingConsumer<String> check) {
    return Stream.of(FIXTURES).map(name -> DynamicTest.dynamicTest(name, () -> check.accept(name)));
  }

  @TestFactory
  Stream<DynamicTest> forwardMatchesTransformers() {
    return eachFixture(BertFixtureParityTest::checkForward);
  }

  @TestFactory
  Stream<DynamicTest> lossAndEveryGradientMatchTransformers() {
    return eachFixture(BertFixtureParityTest::checkLossAndGradients);
  }

  private static Map<String, HostTensor> io(Path dir) throws IOException {
    return Safetensors.read(dir.resolve("io.safetensors"));
  }

  private static QaBatch batch(NDManager m, Map<String, HostTensor> io) {
    return new QaBatch(
        io.get("input_ids").toNDArray(m),
        io.get("token_type_ids").toNDArray(m),
        io.get("attention_mask").toNDArray(m),
        null,
        null,
        io.get("start_positions").toNDArray(m),
        io.get("end_positions").toNDArray(m),
        null);
  }

  private static void checkForward(String name) throws IOException {
    Path dir = SharedData.model(name);
    Map<String, HostTensor> io = io(dir);
    try (EncoderQaModel model = new BertFamily().load(dir, HeadType.SPAN, 0, Device.cpu());
        NDManager step = NDManager.newBaseManager(Device.cpu())) {
      assertThat(model.loadReport().initialized()).isEmpty();
      ParameterStore store = new ParameterStore(step, false);
      QaBatch batch = batch(step, io);
      QaOutputs.Span out = (QaOutputs.Span) model.predict(store, batch);
      assertClose(out.startLogits(), io.get("start_logits"), 1e-5, "start_logits");
      assertClose(out.endLogits(), io.get("end_logits"), 1e-5, "end_logits");
      NDArray hidden =
          model
              .encoder()
              .sequenceOutput(
                  store, batch.inputIds(), batch.tokenTypeIds(), batch.attentionMask(), false);
      assertClose(hidden, io.get("last_hidden_state"), 1e-5, "last_hidden_state");
    }
  }

  private static void checkLossAndGradients(String name) throws IOException {
    Path dir = SharedData.model(name);
    Map<String, HostTensor> io = io(dir);
    Map<String, HostTensor> grads = Safetensors.read(dir.resolve("grads.safetensors"));
    try (EncoderQaModel model = new BertFamily().load(dir, HeadType.SPAN, 0, Device.cpu())) {
      NDManager modelManager =
          model.namedParameters().values().iterator().next().getArray().getManager();
      int before = modelManager.getManagedArrays().size();
      // Two steps: the second must see fresh gradients and leave nothing behind either.
      for (int stepIndex = 0; stepIndex < 2; stepIndex++) {
        try (NDManager step = NDManager.newBaseManager(Device.cpu());
            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          ParameterStore store = new ParameterStore(step, false);
          NDArray loss = model.loss(store, batch(step, io), true);
          assertThat((double) loss.getFloat())
              .as("loss")
              .isCloseTo(
                  io.get("loss").toFloatArray()[0], org.assertj.core.data.Offset.offset(1e-6));
          collector.backward(loss);
          int compared = 0;
          for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            HostTensor expected = grads.get("grad." + e.getKey());
            if (expected == null) {
              // Only the absolute table of the relative types gets no gradient in transformers.
              assertThat(e.getKey()).isEqualTo("bert.embeddings.position_embeddings.weight");
              assertThat(e.getValue().requiresGradient()).isFalse();
              continue;
            }
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
