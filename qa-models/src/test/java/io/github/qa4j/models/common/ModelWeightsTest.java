package io.github.qa4j.models.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWeightsTest {

  /** A two-part toy model: an "encoder" under {@code enc.} and a head at the top level. */
  static final class Toy extends NamedBlock {
    Toy() {
      child("enc", new Holder());
      child("head", new HfLinear(4, 2, true));
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }
  }

  static final class Holder extends NamedBlock {
    Holder() {
      child("dense", new HfLinear(3, 4, true));
      child("LayerNorm", new HfLayerNorm(4, 1e-12f));
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }
  }

  private static final LoadPolicy HEAD_MAY_BE_MISSING =
      new LoadPolicy(List.of("head."), List.of("cls."), "");

  @TempDir Path tmp;

  private static Map<String, HostTensor> checkpoint(float offset) {
    Map<String, HostTensor> m = new LinkedHashMap<>();
    m.put("enc.dense.weight", values(new Shape(4, 3), offset));
    m.put("enc.dense.bias", values(new Shape(4), offset + 100));
    m.put("enc.LayerNorm.weight", values(new Shape(4), offset + 200));
    m.put("enc.LayerNorm.bias", values(new Shape(4), offset + 300));
    m.put("head.weight", values(new Shape(2, 4), offset + 400));
    m.put("head.bias", values(new Shape(2), offset + 500));
    return m;
  }

  private static HostTensor values(Shape shape, float offset) {
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = offset + i * 0.37f - 1f / (i + 3);
    }
    return HostTensor.ofFloats(v, shape);
  }

  @Test
  void namesFollowTheBlockTree() {
    assertThat(new Toy().namedParameters().keySet())
        .containsExactly(
            "enc.dense.weight",
            "enc.dense.bias",
            "enc.LayerNorm.weight",
            "enc.LayerNorm.bias",
            "head.weight",
            "head.bias");
  }

  @Test
  void saveAndLoadRoundTripBitExactly() throws IOException {
    Map<String, HostTensor> original = checkpoint(1);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Toy toy = new Toy();
      LoadReport report =
          ModelWeights.load(
              toy.namedParameters(),
              original,
              "mem",
              LoadPolicy.strict(),
              ParameterInit.transformers(0.02),
              0,
              manager);
      assertThat(report.loaded()).hasSize(6);
      assertThat(report.initialized()).isEmpty();
      JsonObject config = new JsonObject();
      config.addProperty("model_type", "toy");
      ModelWeights.save(tmp, config, toy.namedParameters());
    }
    Map<String, HostTensor> saved = CheckpointFiles.read(tmp);
    assertThat(saved.keySet()).containsExactlyElementsOf(original.keySet());
    original.forEach(
        (name, t) -> {
          assertThat(saved.get(name).shape()).isEqualTo(t.shape());
          assertThat(bytes(saved.get(name))).as(name).isEqualTo(bytes(t));
        });
    assertThat(Files.readString(tmp.resolve("config.json"))).contains("\"model_type\": \"toy\"");
  }

  @Test
  void missingAndUnexpectedParametersAreNamed() {
    Map<String, HostTensor> ckpt = checkpoint(0);
    ckpt.remove("enc.dense.bias");
    ckpt.put("enc.extra.weight", values(new Shape(2), 0));
    ckpt.put("cls.predictions.bias", values(new Shape(2), 0));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Toy toy = new Toy();
      assertThatThrownBy(
              () ->
                  ModelWeights.load(
                      toy.namedParameters(),
                      ckpt,
                      "dir/model.safetensors",
                      HEAD_MAY_BE_MISSING,
                      ParameterInit.transformers(0.02),
                      0,
                      manager))
          .isInstanceOfSatisfying(
              CheckpointMismatchException.class,
              e -> {
                assertThat(e.missing()).containsExactly("enc.dense.bias");
                assertThat(e.unexpected()).containsExactly("enc.extra.weight");
                assertThat(e.getMessage())
                    .startsWith("dir/model.safetensors: ")
                    .contains("enc.dense.bias", "enc.extra.weight")
                    .doesNotContain("cls.predictions.bias");
              });
      // Nothing is set when the checkpoint does not fit.
      assertThat(toy.namedParameters().values()).noneMatch(Parameter::isInitialized);
    }
  }

  @Test
  void wrongShapesAreNamed() {
    Map<String, HostTensor> ckpt = checkpoint(0);
    ckpt.put("head.weight", values(new Shape(4, 2), 0));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      assertThatThrownBy(
              () ->
                  ModelWeights.load(
                      new Toy().namedParameters(),
                      ckpt,
                      "ckpt",
                      LoadPolicy.strict(),
                      ParameterInit.transformers(0.02),
                      0,
                      manager))
          .isInstanceOfSatisfying(
              CheckpointMismatchException.class,
              e ->
                  assertThat(e.wrongShape())
                      .containsExactly("head.weight expects (2, 4) but the checkpoint has (4, 2)"));
    }
  }

  @Test
  void missingHeadIsInitializedAsTransformersDoesFromTheSeed() throws IOException {
    Map<String, HostTensor> ckpt = checkpoint(0);
    ckpt.remove("head.weight");
    ckpt.remove("head.bias");
    ckpt.put("cls.predictions.bias", values(new Shape(2), 0));
    float[] first = headWeight(ckpt, 7);
    assertThat(headWeight(ckpt, 7)).containsExactly(first);
    assertThat(headWeight(ckpt, 8)).isNotEqualTo(first);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Toy toy = new Toy();
      LoadReport report =
          ModelWeights.load(
              toy.namedParameters(),
              ckpt,
              "ckpt",
              HEAD_MAY_BE_MISSING,
              ParameterInit.transformers(0.02),
              7,
              manager);
      assertThat(report.initialized()).containsExactly("head.weight", "head.bias");
      assertThat(report.ignored()).containsExactly("cls.predictions.bias");
      assertThat(toy.namedParameters().get("head.bias").getArray().toFloatArray()).containsOnly(0f);
      assertThat(toy.namedParameters().get("head.weight").getArray().hasGradient()).isTrue();
    }
  }

  @Test
  void initializationHasTheConfiguredSpread() {
    ParameterInit init = ParameterInit.transformers(0.02);
    float[] w = init.values("x.weight", new Shape(200, 100), new java.util.SplittableRandom(3));
    double sum = 0;
    double sq = 0;
    for (float v : w) {
      sum += v;
      sq += v * v;
    }
    double mean = sum / w.length;
    double std = Math.sqrt(sq / w.length - mean * mean);
    assertThat(mean).isBetween(-0.001, 0.001);
    assertThat(std).isBetween(0.0195, 0.0205);
    assertThat(init.values("a.LayerNorm.weight", new Shape(3), new java.util.SplittableRandom(3)))
        .containsOnly(1f);
    assertThat(init.values("a.LayerNorm.bias", new Shape(3), new java.util.SplittableRandom(3)))
        .containsOnly(0f);
  }

  private static float[] headWeight(Map<String, HostTensor> ckpt, long seed) throws IOException {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Toy toy = new Toy();
      ModelWeights.load(
          toy.namedParameters(),
          ckpt,
          "ckpt",
          HEAD_MAY_BE_MISSING,
          ParameterInit.transformers(0.02),
          seed,
          manager);
      return toy.namedParameters().get("head.weight").getArray().toFloatArray();
    }
  }

  @Test
  void legacyNamesAndBasePrefixAreMapped() throws IOException {
    Map<String, HostTensor> ckpt = new LinkedHashMap<>();
    checkpoint(0)
        .forEach(
            (name, t) -> {
              if (name.startsWith("enc.")) {
                String bare = name.substring(4).replace("LayerNorm.weight", "LayerNorm.gamma");
                ckpt.put(bare.replace("LayerNorm.bias", "LayerNorm.beta"), t);
              }
            });
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Toy toy = new Toy();
      LoadReport report =
          ModelWeights.load(
              toy.namedParameters(),
              ckpt,
              "ckpt",
              new LoadPolicy(List.of("head."), List.of(), "enc."),
              ParameterInit.transformers(0.02),
              0,
              manager);
      assertThat(report.loaded())
          .containsExactly(
              "enc.dense.weight", "enc.dense.bias", "enc.LayerNorm.weight", "enc.LayerNorm.bias");
      assertThat(toy.namedParameters().get("enc.LayerNorm.weight").getArray().toFloatArray())
          .containsExactly(checkpoint(0).get("enc.LayerNorm.weight").toFloatArray());
    }
  }

  @Test
  void shardedCheckpointsAreJoined() throws IOException {
    Map<String, HostTensor> all = checkpoint(2);
    Map<String, HostTensor> a = new LinkedHashMap<>();
    Map<String, HostTensor> b = new LinkedHashMap<>();
    JsonObject weightMap = new JsonObject();
    all.forEach(
        (name, t) -> {
          boolean first = name.startsWith("enc.");
          (first ? a : b).put(name, t);
          weightMap.addProperty(
              name,
              first ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        });
    Safetensors.write(tmp.resolve("model-00001-of-00002.safetensors"), a, Map.of());
    Safetensors.write(tmp.resolve("model-00002-of-00002.safetensors"), b, Map.of());
    JsonObject index = new JsonObject();
    index.add("weight_map", weightMap);
    Files.writeString(tmp.resolve(CheckpointFiles.SAFETENSORS_INDEX), index.toString());
    Map<String, HostTensor> read = CheckpointFiles.read(tmp);
    assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(all.keySet());
    all.forEach((name, t) -> assertThat(bytes(read.get(name))).isEqualTo(bytes(t)));

    weightMap.addProperty("head.extra", "model-00002-of-00002.safetensors");
    Files.writeString(tmp.resolve(CheckpointFiles.SAFETENSORS_INDEX), index.toString());
    assertThatThrownBy(() -> CheckpointFiles.read(tmp))
        .hasMessageContaining(CheckpointFiles.SAFETENSORS_INDEX)
        .hasMessageContaining("'head.extra'");

    weightMap.addProperty("head.extra", "../elsewhere.safetensors");
    Files.writeString(tmp.resolve(CheckpointFiles.SAFETENSORS_INDEX), index.toString());
    assertThatThrownBy(() -> CheckpointFiles.read(tmp)).hasMessageContaining("../elsewhere");
  }

  @Test
  void aDirectoryWithoutCheckpointIsAClearError() {
    assertThatThrownBy(() -> CheckpointFiles.read(tmp))
        .hasMessageContaining(tmp.toString())
        .hasMessageContaining("model.safetensors");
  }

  @Test
  void halfPrecisionCheckpointsAreWidened() throws IOException {
    ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    bf16.putShort((short) 0x3f80).putShort((short) 0xc040).flip(); // 1.0, -3.0
    ByteBuffer f16 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    f16.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x7bff);
    f16.putShort((short) 0x0001).flip(); // 1, -2, 65504, 2^-24
    Map<String, HostTensor> ckpt = checkpoint(0);
    ckpt.put("head.bias", new HostTensor(DataType.BFLOAT16, new Shape(2), bf16));
    ckpt.put("enc.LayerNorm.weight", new HostTensor(DataType.FLOAT16, new Shape(4), f16));
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Toy toy = new Toy();
      ModelWeights.load(
          toy.namedParameters(),
          ckpt,
          "ckpt",
          LoadPolicy.strict(),
          ParameterInit.transformers(0.02),
          0,
          manager);
      assertThat(toy.namedParameters().get("head.bias").getArray().toFloatArray())
          .containsExactly(1f, -3f);
      assertThat(toy.namedParameters().get("enc.LayerNorm.weight").getArray().toFloatArray())
          .containsExactly(1f, -2f, 65504f, 0x1p-24f);
    }
  }

  private static byte[] bytes(HostTensor t) {
    ByteBuffer d = t.data().duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
