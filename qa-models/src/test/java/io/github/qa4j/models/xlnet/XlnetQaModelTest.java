package io.github.qa4j.models.xlnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.features.WindowLayout;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.models.common.CheckpointMismatchException;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.family.EncoderQaModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlnetQaModelTest {

  static final Path FIXTURE = SharedData.model("xlnet-tiny");

  static JsonObject tinyConfig() throws Exception {
    return QaModels.readConfig(FIXTURE.resolve("config.json"));
  }

  @Test
  void serviceLoaderFindsTheXlnetFamily() throws Exception {
    try (QaModel model =
        QaModels.load(FIXTURE, HeadType.BEAM_SEARCH, QaModels.DEFAULT_SEED, Device.cpu())) {
      assertThat(model).isInstanceOf(EncoderQaModel.class);
      assertThat(model.modelType()).isEqualTo("xlnet");
      assertThat(model.layout()).isEqualTo(WindowLayout.contextFirst(5, 3));
      assertThat(model.headType()).isEqualTo(HeadType.BEAM_SEARCH);
      assertThat(model.namedParameters())
          .containsKeys(
              "transformer.word_embedding.weight",
              "transformer.layer.0.rel_attn.q",
              "start_logits.dense.weight",
              "end_logits.LayerNorm.bias",
              "answer_class.dense_1.weight")
          .doesNotContainKey("answer_class.dense_1.bias");
    }
  }

  @Test
  void saveWritesTheCheckpointBackBitForBit(@TempDir Path tmp) throws Exception {
    try (EncoderQaModel model =
        new XlnetFamily().load(FIXTURE, HeadType.BEAM_SEARCH, 0, Device.cpu())) {
      model.save(tmp);
    }
    Map<String, HostTensor> original = Safetensors.read(FIXTURE.resolve("model.safetensors"));
    Map<String, HostTensor> saved = Safetensors.read(tmp.resolve("model.safetensors"));
    assertThat(saved.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
    original.forEach(
        (name, t) -> {
          assertThat(saved.get(name).shape()).as(name).isEqualTo(t.shape());
          assertThat(saved.get(name).data()).as(name).isEqualTo(t.data());
        });
    JsonObject config = QaModels.readConfig(tmp.resolve("config.json"));
    assertThat(config.get("model_type").getAsString()).isEqualTo("xlnet");
    assertThat(config.get("d_model").getAsInt()).isEqualTo(64);
  }

  /** Writes the fixture's encoder tensors, renamed, plus {@code extra}, as a model directory. */
  static Path encoderCheckpoint(Path dir, String prefix, Map<String, HostTensor> extra)
      throws Exception {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    Safetensors.read(FIXTURE.resolve("model.safetensors"))
        .forEach(
            (name, t) -> {
              if (name.startsWith("transformer.")) {
                tensors.put(prefix + name.substring("transformer.".length()), t);
              }
            });
    tensors.putAll(extra);
    Files.copy(FIXTURE.resolve("config.json"), dir.resolve("config.json"));
    Safetensors.write(dir.resolve("model.safetensors"), tensors, Map.of());
    return dir;
  }

  @Test
  void aBareEncoderCheckpointGetsASeededHead(@TempDir Path tmp) throws Exception {
    // transformers' XLNetModel saves its tensors without the "transformer." prefix
    Path dir = encoderCheckpoint(tmp, "", Map.of());
    try (EncoderQaModel a = new XlnetFamily().load(dir, HeadType.BEAM_SEARCH, 5, Device.cpu());
        EncoderQaModel b = new XlnetFamily().load(dir, HeadType.BEAM_SEARCH, 5, Device.cpu());
        EncoderQaModel c = new XlnetFamily().load(dir, HeadType.BEAM_SEARCH, 6, Device.cpu())) {
      assertThat(a.loadReport().initialized())
          .containsExactlyInAnyOrderElementsOf(a.head().namedParameters().keySet());
      Map<String, HostTensor> ha = ModelWeights.snapshot(a.head().namedParameters());
      Map<String, HostTensor> hb = ModelWeights.snapshot(b.head().namedParameters());
      Map<String, HostTensor> hc = ModelWeights.snapshot(c.head().namedParameters());
      String w = "end_logits.dense_0.weight";
      assertThat(ha.get(w).data()).isEqualTo(hb.get(w).data()).isNotEqualTo(hc.get(w).data());
      // transformers' init: LayerNorm scale 1, biases 0, weights with std initializer_range
      assertThat(ha.get("end_logits.LayerNorm.weight").toFloatArray()).containsOnly(1f);
      assertThat(ha.get("end_logits.dense_0.bias").toFloatArray()).containsOnly(0f);
      float[] weights = ha.get(w).toFloatArray();
      double sumSquares = 0;
      for (float v : weights) {
        sumSquares += v * v;
      }
      assertThat(Math.sqrt(sumSquares / weights.length)).isBetween(0.018, 0.022);
    }
  }

  @Test
  void aLanguageModelCheckpointLoadsWithoutItsLmHead(@TempDir Path tmp) throws Exception {
    Path dir =
        encoderCheckpoint(
            tmp,
            "transformer.",
            Map.of("lm_loss.bias", HostTensor.ofFloats(new float[1000], new Shape(1000))));
    try (EncoderQaModel model =
        new XlnetFamily().load(dir, HeadType.BEAM_SEARCH, 5, Device.cpu())) {
      assertThat(model.loadReport().ignored()).containsExactly("lm_loss.bias");
      assertThat(model.loadReport().loaded()).contains("transformer.word_embedding.weight");
    }
  }

  @Test
  void aCheckpointWithForeignTensorsIsRefusedNamingThem(@TempDir Path tmp) throws Exception {
    Map<String, HostTensor> tensors =
        new LinkedHashMap<>(Safetensors.read(FIXTURE.resolve("model.safetensors")));
    tensors.remove("transformer.layer.1.rel_attn.r_s_bias");
    tensors.put("transformer.layer.2.rel_attn.q", tensors.get("transformer.layer.0.rel_attn.q"));
    Files.copy(FIXTURE.resolve("config.json"), tmp.resolve("config.json"));
    Safetensors.write(tmp.resolve("model.safetensors"), tensors, Map.of());
    assertThatThrownBy(() -> new XlnetFamily().load(tmp, HeadType.BEAM_SEARCH, 0, Device.cpu()))
        .isInstanceOf(CheckpointMismatchException.class)
        .hasMessageContaining("transformer.layer.1.rel_attn.r_s_bias")
        .hasMessageContaining("transformer.layer.2.rel_attn.q");
  }

  @Test
  void unsupportedConfigurationsAreRefusedNamingFileAndField(@TempDir Path tmp) throws Exception {
    JsonObject uni = tinyConfig();
    uni.addProperty("attn_type", "uni");
    assertThatThrownBy(() -> new XlnetFamily().create(uni, HeadType.BEAM_SEARCH, 1, Device.cpu()))
        .hasMessageContaining("attn_type")
        .hasMessageContaining("uni");
    JsonObject act = tinyConfig();
    act.addProperty("ff_activation", "mish");
    Files.writeString(tmp.resolve("config.json"), act.toString());
    Files.copy(FIXTURE.resolve("model.safetensors"), tmp.resolve("model.safetensors"));
    assertThatThrownBy(() -> new XlnetFamily().load(tmp, HeadType.BEAM_SEARCH, 0, Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tmp.resolve("config.json").toString())
        .hasMessageContaining("ff_activation")
        .hasMessageContaining("mish");
    JsonObject heads = tinyConfig();
    heads.addProperty("d_head", 32);
    assertThatThrownBy(() -> new XlnetFamily().create(heads, HeadType.BEAM_SEARCH, 1, Device.cpu()))
        .hasMessageContaining("d_head");
  }

  @Test
  void theSpanHeadIsXlnetForQuestionAnsweringSimple(@TempDir Path tmp) throws Exception {
    try (EncoderQaModel model =
        new XlnetFamily().create(tinyConfig(), HeadType.SPAN, 1, Device.cpu())) {
      assertThat(model.namedParameters().get("qa_outputs.weight").getArray().getShape())
          .isEqualTo(new Shape(2, 64));
      model.save(tmp);
    }
    JsonObject saved = QaModels.readConfig(tmp.resolve("config.json"));
    assertThat(saved.getAsJsonArray("architectures").get(0).getAsString())
        .isEqualTo("XLNetForQuestionAnsweringSimple");
    assertThat(new XlnetFamily().defaultHead(saved)).isEqualTo(HeadType.SPAN);
    try (QaModel again = QaModels.load(tmp, null, 0, Device.cpu())) {
      assertThat(again.headType()).isEqualTo(HeadType.SPAN);
      assertThat(again.layout().contextFirst()).isTrue();
    }
  }

  @Test
  void createIsDeterministicInTheSeedAndPredictsValidCandidates() throws Exception {
    try (EncoderQaModel a =
            new XlnetFamily().create(tinyConfig(), HeadType.BEAM_SEARCH, 3, Device.cpu());
        EncoderQaModel b =
            new XlnetFamily().create(tinyConfig(), HeadType.BEAM_SEARCH, 3, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Map<String, HostTensor> io = Safetensors.read(FIXTURE.resolve("io.safetensors"));
      QaBatch batch =
          new QaBatch(
              io.get("input_ids").toNDArray(m),
              io.get("token_type_ids").toNDArray(m),
              io.get("attention_mask").toNDArray(m),
              io.get("p_mask").toNDArray(m),
              io.get("cls_index").toNDArray(m),
              null,
              null,
              null);
      QaOutputs.BeamSearch pa =
          (QaOutputs.BeamSearch) a.predict(new ParameterStore(m, false), batch);
      QaOutputs.BeamSearch pb =
          (QaOutputs.BeamSearch) b.predict(new ParameterStore(m, false), batch);
      assertThat(pa.clsLogits().toFloatArray()).containsExactly(pb.clsLogits().toFloatArray());
      float[] pMask = io.get("p_mask").toFloatArray();
      long[] starts = pa.startTopIndex().toLongArray();
      long[] ends = pa.endTopIndex().toLongArray();
      for (int row = 0; row < 3; row++) {
        for (int k = 0; k < 5; k++) {
          assertThat(pMask[row * 24 + (int) starts[row * 5 + k]]).isZero();
        }
        for (int k = 0; k < 25; k++) {
          assertThat(pMask[row * 24 + (int) ends[row * 25 + k]]).isZero();
        }
      }
    }
  }
}
