package io.github.qa4j.models.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.models.common.CheckpointMismatchException;
import io.github.qa4j.models.family.EncoderQaModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertQaModelTest {

  @TempDir Path tmp;

  private static final Path FIXTURE = SharedData.model("bert-tiny-relative_key_query");

  @Test
  void namesAreTransformersNames() throws IOException {
    try (EncoderQaModel model = new BertFamily().load(FIXTURE, HeadType.SPAN, 0, Device.cpu())) {
      assertThat(model.namedParameters().keySet())
          .containsExactlyInAnyOrderElementsOf(
              Safetensors.read(FIXTURE.resolve("model.safetensors")).keySet())
          .startsWith(
              "bert.embeddings.word_embeddings.weight",
              "bert.embeddings.position_embeddings.weight",
              "bert.embeddings.token_type_embeddings.weight",
              "bert.embeddings.LayerNorm.weight",
              "bert.embeddings.LayerNorm.bias",
              "bert.encoder.layer.0.attention.self.query.weight")
          .endsWith("qa_outputs.weight", "qa_outputs.bias");
      assertThat(model.encoder().namedParameters())
          .containsKey("embeddings.word_embeddings.weight");
      assertThat(model.modelType()).isEqualTo("bert");
      assertThat(model.headType()).isEqualTo(HeadType.SPAN);
    }
  }

  @Test
  void theServiceLoaderFindsBert() throws IOException {
    try (QaModel model =
        QaModels.load(FIXTURE, HeadType.SPAN, QaModels.DEFAULT_SEED, Device.cpu())) {
      assertThat(model).isInstanceOf(EncoderQaModel.class);
    }
  }

  @Test
  void saveThenLoadRoundTripsBitExactly() throws IOException {
    Map<String, HostTensor> original = Safetensors.read(FIXTURE.resolve("model.safetensors"));
    try (EncoderQaModel model = new BertFamily().load(FIXTURE, HeadType.SPAN, 0, Device.cpu())) {
      model.save(tmp.resolve("a"));
    }
    Map<String, HostTensor> saved = Safetensors.read(tmp.resolve("a/model.safetensors"));
    assertThat(saved.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
    original.forEach((name, t) -> assertThat(bytes(saved.get(name))).as(name).isEqualTo(bytes(t)));
    JsonObject config = QaModels.readConfig(tmp.resolve("a/config.json"));
    assertThat(config.get("architectures").getAsJsonArray().get(0).getAsString())
        .isEqualTo("BertForQuestionAnswering");
    assertThat(config.get("position_embedding_type").getAsString()).isEqualTo("relative_key_query");
    // A second generation writes the same bytes.
    try (EncoderQaModel again =
        new BertFamily().load(tmp.resolve("a"), HeadType.SPAN, 0, Device.cpu())) {
      again.save(tmp.resolve("b"));
    }
    assertThat(Files.readAllBytes(tmp.resolve("b/model.safetensors")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("a/model.safetensors")));
    assertThat(Files.readString(tmp.resolve("b/config.json")))
        .isEqualTo(Files.readString(tmp.resolve("a/config.json")));
  }

  @Test
  void aPretrainingCheckpointGetsASeededHeadAndIgnoresPretrainingHeads() throws IOException {
    Map<String, HostTensor> tensors =
        new LinkedHashMap<>(Safetensors.read(FIXTURE.resolve("model.safetensors")));
    tensors.remove("qa_outputs.weight");
    tensors.remove("qa_outputs.bias");
    tensors.put(
        "cls.predictions.bias",
        HostTensor.ofFloats(new float[1000], new ai.djl.ndarray.types.Shape(1000)));
    Path dir = copyWith(tensors);
    float[] first;
    try (EncoderQaModel model = new BertFamily().load(dir, HeadType.SPAN, 5, Device.cpu())) {
      assertThat(model.loadReport().initialized())
          .containsExactly("qa_outputs.weight", "qa_outputs.bias");
      assertThat(model.loadReport().ignored()).containsExactly("cls.predictions.bias");
      first = model.namedParameters().get("qa_outputs.weight").getArray().toFloatArray();
      assertThat(model.namedParameters().get("qa_outputs.bias").getArray().toFloatArray())
          .containsOnly(0f);
    }
    try (EncoderQaModel model = new BertFamily().load(dir, HeadType.SPAN, 5, Device.cpu())) {
      assertThat(model.namedParameters().get("qa_outputs.weight").getArray().toFloatArray())
          .containsExactly(first);
    }
  }

  @Test
  void missingEncoderParametersAndUnknownTensorsAreErrorsNamingThem() throws IOException {
    Map<String, HostTensor> tensors =
        new LinkedHashMap<>(Safetensors.read(FIXTURE.resolve("model.safetensors")));
    tensors.remove("bert.encoder.layer.1.output.dense.bias");
    tensors.put(
        "bert.encoder.layer.2.output.dense.bias",
        HostTensor.ofFloats(new float[64], new ai.djl.ndarray.types.Shape(64)));
    Path dir = copyWith(tensors);
    assertThatThrownBy(() -> new BertFamily().load(dir, HeadType.SPAN, 0, Device.cpu()))
        .isInstanceOfSatisfying(
            CheckpointMismatchException.class,
            e -> {
              assertThat(e.missing()).containsExactly("bert.encoder.layer.1.output.dense.bias");
              assertThat(e.unexpected()).containsExactly("bert.encoder.layer.2.output.dense.bias");
              assertThat(e.getMessage()).startsWith(dir.toString());
            });
  }

  @Test
  void configErrorsNameFileAndField() throws IOException {
    JsonObject config = QaModels.readConfig(FIXTURE.resolve("config.json"));
    config.addProperty("position_embedding_type", "rotary");
    Path dir = copyWith(Safetensors.read(FIXTURE.resolve("model.safetensors")));
    Files.writeString(dir.resolve("config.json"), config.toString());
    assertThatThrownBy(() -> new BertFamily().load(dir, HeadType.SPAN, 0, Device.cpu()))
        .hasMessage(
            dir.resolve("config.json")
                + ": field 'position_embedding_type' must be absolute, relative_key or"
                + " relative_key_query, got \"rotary\"");
    config.addProperty("position_embedding_type", "absolute");
    config.addProperty("num_attention_heads", 5);
    Files.writeString(dir.resolve("config.json"), config.toString());
    assertThatThrownBy(() -> new BertFamily().load(dir, HeadType.SPAN, 0, Device.cpu()))
        .hasMessageStartingWith(
            dir.resolve("config.json") + ": field 'hidden_size' must be a multiple");
    config.remove("num_attention_heads");
    Files.writeString(dir.resolve("config.json"), config.toString());
    assertThatThrownBy(() -> new BertFamily().load(dir, HeadType.SPAN, 0, Device.cpu()))
        .hasMessage(dir.resolve("config.json") + ": field 'num_attention_heads' is missing");
    config.addProperty("num_attention_heads", 4);
    config.addProperty("hidden_act", "tanh");
    Files.writeString(dir.resolve("config.json"), config.toString());
    assertThatThrownBy(() -> new BertFamily().load(dir, HeadType.SPAN, 0, Device.cpu()))
        .hasMessageContaining("field 'hidden_act'")
        .hasMessageContaining("\"tanh\"");
  }

  @Test
  void createdModelsAreSeededAndPredictShapedLogits() throws IOException {
    JsonObject config = QaModels.readConfig(FIXTURE.resolve("config.json"));
    try (QaModel a = QaModels.create(config, HeadType.SPAN, 3, Device.cpu());
        QaModel b = QaModels.create(config, HeadType.SPAN, 3, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu())) {
      float[] wa =
          a.namedParameters()
              .get("bert.encoder.layer.0.attention.self.key.weight")
              .getArray()
              .toFloatArray();
      float[] wb =
          b.namedParameters()
              .get("bert.encoder.layer.0.attention.self.key.weight")
              .getArray()
              .toFloatArray();
      assertThat(wa).containsExactly(wb);
      assertThat(
              a.namedParameters().get("bert.embeddings.LayerNorm.weight").getArray().toFloatArray())
          .containsOnly(1f);
      // The padding token's embedding row starts at zero, as in transformers.
      float[] words =
          a.namedParameters()
              .get("bert.embeddings.word_embeddings.weight")
              .getArray()
              .toFloatArray();
      assertThat(java.util.Arrays.copyOf(words, 64)).containsOnly(0f);
      QaBatch batch =
          new QaBatch(
              m.create(new long[] {2, 7, 9, 3, 0, 0}, new ai.djl.ndarray.types.Shape(2, 3)),
              m.zeros(new ai.djl.ndarray.types.Shape(2, 3), ai.djl.ndarray.types.DataType.INT64),
              m.create(new long[] {1, 1, 1, 1, 0, 0}, new ai.djl.ndarray.types.Shape(2, 3)),
              null,
              null,
              null,
              null,
              null);
      QaOutputs.Span out = (QaOutputs.Span) a.predict(new ParameterStore(m, false), batch);
      assertThat(out.startLogits().getShape()).isEqualTo(new ai.djl.ndarray.types.Shape(2, 3));
    }
  }

  /**
   * libtorch's autograd is on by default on threads other than the engine's first: a model whose
   * parameters require gradients (trained in this JVM) must still record no graph when it predicts
   * there, and leave the thread's mode as it found it. Without a graph, backward from the logits
   * fails.
   */
  @Test
  void predictRecordsNoGradientOnAnyThread() throws Exception {
    try (EncoderQaModel model = new BertFamily().load(FIXTURE, HeadType.SPAN, 0, Device.cpu())) {
      model.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        pool.submit(
                () -> {
                  assertThat(JniUtils.isGradMode()).as("grad mode before predicting").isTrue();
                  try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    Shape shape = new Shape(1, 4);
                    QaBatch batch =
                        new QaBatch(
                            m.create(new long[] {101, 7, 9, 102}, shape),
                            m.zeros(shape, DataType.INT64),
                            m.ones(shape, DataType.INT64),
                            null,
                            null,
                            null,
                            null,
                            null);
                    QaOutputs.Span out =
                        (QaOutputs.Span) model.predict(new ParameterStore(m, false), batch);
                    assertThat(JniUtils.isGradMode()).as("grad mode afterwards").isTrue();
                    try (GradientCollector collector =
                        Engine.getInstance().newGradientCollector()) {
                      assertThatThrownBy(() -> collector.backward(out.startLogits().sum()))
                          .as("backward from logits predicted with grad mode on")
                          .isInstanceOf(EngineException.class);
                    }
                  }
                  return null;
                })
            .get();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private Path copyWith(Map<String, HostTensor> tensors) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "m");
    Files.copy(FIXTURE.resolve("config.json"), dir.resolve("config.json"));
    Safetensors.write(dir.resolve("model.safetensors"), tensors, Map.of());
    return dir;
  }

  private static byte[] bytes(HostTensor t) {
    ByteBuffer d = t.data().duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
