package io.github.qa4j.models.xlnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
import io.github.qa4j.models.heads.BeamSearchLoss;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with transformers' {@code XLNetForQuestionAnswering} on the {@code xlnet-tiny} fixture,
 * element by element.
 */
class XlnetFixtureTest {

  static final float TOL = 1e-5f;

  static Path dir;
  static Map<String, HostTensor> io;
  static EncoderQaModel model;

  @BeforeAll
  static void load() throws Exception {
    dir = SharedData.model("xlnet-tiny");
    io = Safetensors.read(dir.resolve("io.safetensors"));
    model = new XlnetFamily().load(dir, HeadType.BEAM_SEARCH, 0, Device.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static NDArray in(NDManager m, String name) {
    return io.get(name).toNDArray(m);
  }

  static QaBatch batch(NDManager m, boolean labels) {
    return new QaBatch(
        in(m, "input_ids"),
        in(m, "token_type_ids"),
        in(m, "attention_mask"),
        in(m, "p_mask"),
        in(m, "cls_index"),
        labels ? in(m, "start_positions") : null,
        labels ? in(m, "end_positions") : null,
        labels ? in(m, "is_impossible") : null);
  }

  @Test
  void loadsEveryCheckpointTensor() {
    assertThat(model.loadReport().initialized()).isEmpty();
    assertThat(model.loadReport().ignored()).isEmpty();
    assertThat(model.loadReport().loaded())
        .hasSize(47)
        .contains("transformer.layer.1.rel_attn.seg_embed");
  }

  @Test
  void lastHiddenStateMatchesTransformers() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      QaBatch b = batch(m, false);
      NDArray hidden =
          model
              .encoder()
              .sequenceOutput(
                  new ParameterStore(m, false),
                  b.inputIds(),
                  b.tokenTypeIds(),
                  b.attentionMask(),
                  false);
      assertClose("last_hidden_state", hidden, io.get("last_hidden_state"));
    }
  }

  @Test
  void evalOutputsMatchTransformers() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      QaOutputs.BeamSearch out =
          (QaOutputs.BeamSearch) model.predict(new ParameterStore(m, false), batch(m, false));
      assertClose("start_top_log_probs", out.startTopProbs(), io.get("start_top_log_probs"));
      assertSame("start_top_index", out.startTopIndex(), io.get("start_top_index"));
      assertClose("end_top_log_probs", out.endTopProbs(), io.get("end_top_log_probs"));
      assertSame("end_top_index", out.endTopIndex(), io.get("end_top_index"));
      assertClose("cls_logits", out.clsLogits(), io.get("cls_logits"));
    }
  }

  @Test
  void trainingLossAndEveryGradientMatchTransformersStepAfterStep() throws Exception {
    Map<String, HostTensor> grads = Safetensors.read(dir.resolve("grads.safetensors"));
    NDManager modelManager =
        model.namedParameters().values().iterator().next().getArray().getManager();
    int before = modelManager.getManagedArrays().size();
    // Two steps: the second must see fresh gradients, and neither may leave arrays in the model.
    for (int step = 0; step < 2; step++) {
      try (NDManager m = NDManager.newBaseManager(Device.cpu());
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray loss = model.loss(new ParameterStore(m, false), batch(m, true), true);
        assertThat(loss.getFloat()).isCloseTo(io.get("loss").toFloatArray()[0], within(TOL));
        collector.backward(loss);
        int checked = 0;
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
          HostTensor expected = grads.get("grad." + e.getKey());
          if (expected == null) {
            // Used only in pretraining: transformers leaves its gradient empty.
            assertThat(e.getKey()).isEqualTo("transformer.mask_emb");
            assertThat(e.getValue().requiresGradient()).isFalse();
            continue;
          }
          try (NDArray grad = e.getValue().getArray().getGradient()) {
            assertClose("grad." + e.getKey(), grad, expected);
          }
          checked++;
        }
        assertThat(checked).isEqualTo(grads.size());
        ModelWeights.zeroGradients(model.namedParameters());
      }
      assertThat(modelManager.getManagedArrays()).hasSize(before);
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      model.predict(new ParameterStore(m, false), batch(m, false));
    }
    assertThat(modelManager.getManagedArrays()).hasSize(before);
  }

  @Test
  void theDjlBlockGivesTheSameTrainingLogitsAndLoss() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      QaBatch b = batch(m, true);
      NDList logits =
          model
              .block()
              .forward(
                  new ParameterStore(m, false),
                  new NDList(
                      b.inputIds(),
                      b.tokenTypeIds(),
                      b.attentionMask(),
                      b.pMask(),
                      b.clsIndex(),
                      b.startPositions()),
                  true);
      assertThat(logits).hasSize(3);
      NDArray loss =
          new BeamSearchLoss()
              .evaluate(new NDList(b.startPositions(), b.endPositions(), b.isImpossible()), logits);
      assertThat(loss.getFloat()).isCloseTo(io.get("loss").toFloatArray()[0], within(TOL));
    }
  }

  static void assertSame(String what, NDArray actual, HostTensor expected) {
    assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.shape());
    assertThat(actual.toLongArray()).as(what).containsExactly(expected.toLongArray());
  }

  static void assertClose(String what, NDArray actual, HostTensor expected) {
    assertThat(actual.getShape()).as(what + " shape").isEqualTo(expected.shape());
    float[] a = actual.toFloatArray();
    float[] e = expected.toFloatArray();
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).as("%s element %d", what, i).isCloseTo(e[i], within(TOL));
    }
  }
}
