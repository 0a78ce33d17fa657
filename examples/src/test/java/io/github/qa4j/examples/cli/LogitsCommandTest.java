package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.model.QaOutputs;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.examples.testing.ModelFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qa logits} over the windows {@code qa features} writes: the outputs equal what the model
 * gives through the API for the same windows, in window order, under transformers' names.
 */
class LogitsCommandTest {

  @TempDir Path dir;

  private static final String CONTEXT =
      "Super Bowl 50 was an American football game to determine the champion of the National"
          + " Football League for the 2015 season. The American Football Conference champion"
          + " Denver Broncos defeated the National Football Conference champion Carolina Panthers"
          + " 24 to 10 to earn their third Super Bowl title. The game was played on February 7,"
          + " 2016, at Levi Stadium in the San Francisco Bay Area at Santa Clara, California.";

  private Path squad() throws IOException {
    String json =
        ("{'version':'v2.0','data':[{'title':'T','paragraphs':[{'context':'"
                + CONTEXT
                + "','qas':[{'id':'q1','question':'Who won?','is_impossible':false,"
                + "'answers':[{'text':'Denver Broncos','answer_start':"
                + CONTEXT.indexOf("Denver Broncos")
                + "}]},{'id':'q2','question':'Where was it played?','is_impossible':false,"
                + "'answers':[{'text':'Santa Clara','answer_start':"
                + CONTEXT.indexOf("Santa Clara")
                + "}]},{'id':'q3','question':'Who sang?','is_impossible':true,"
                + "'answers':[]}]}]}]}")
            .replace('\'', '"');
    return Files.writeString(dir.resolve("squad.json"), json, StandardCharsets.UTF_8);
  }

  private Path features(Path tokenizer, String... extra) throws IOException {
    Path out = dir.resolve("features.jsonl.gz");
    List<String> args =
        new ArrayList<>(
            List.of(
                "features",
                "--data",
                squad().toString(),
                "--tokenizer",
                tokenizer.toString(),
                "--max-seq-length",
                "48",
                "--doc-stride",
                "16",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    QaCommandTest.Run r = QaCommandTest.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return out;
  }

  @Test
  void spanLogitsEqualTheModelsThroughTheApi() throws IOException {
    Path tokenizer = ModelFixtures.tokenizer("roberta-bpe");
    JsonObject config = QaModels.readConfig(tokenizer.resolve("config.json"));
    Path model = dir.resolve("model");
    try (QaModel created = QaModels.create(config, HeadType.SPAN, 7, Device.cpu())) {
      created.save(model);
    }
    Path features = features(tokenizer.resolve("tokenizer.json"));
    Path out = dir.resolve("logits.safetensors");

    QaCommandTest.Run r =
        QaCommandTest.run(
            "logits",
            "--model",
            model.toString(),
            "--features",
            features.toString(),
            "--out",
            out.toString(),
            "--batch-size",
            "3");

    assertThat(r.code()).as(r.err()).isZero();
    Map<String, HostTensor> got = Safetensors.read(out);
    assertThat(got).containsOnlyKeys("start_logits", "end_logits");
    List<QaFeature> windows = FeatureLines.read(features);
    assertThat(windows.size()).isGreaterThan(3);
    Map<String, float[]> want = throughApi(model, windows);
    for (String name : List.of("start_logits", "end_logits")) {
      assertThat(got.get(name).dataType()).isEqualTo(DataType.FLOAT32);
      assertThat(got.get(name).shape()).isEqualTo(new Shape(windows.size(), 48));
      assertClose(name, got.get(name).toFloatArray(), want.get(name));
    }
  }

  @Test
  void beamSearchHeadWritesItsFiveOutputsUnderTransformersNames() throws IOException {
    Path model = SharedData.model("xlnet-tiny");
    Path features = features(SharedData.xlnetTokenizer(), "--layout", "xlnet");
    // xlnet-tiny has 1,000 ids; XLNet's tokenizer has 32,000: fold the ids into the model's.
    Path folded = dir.resolve("folded.jsonl");
    List<String> lines = new ArrayList<>();
    for (QaFeature f : FeatureLines.read(features)) {
      lines.add(foldedLine(f));
    }
    Files.write(folded, lines, StandardCharsets.UTF_8);
    Path out = dir.resolve("beam.safetensors");

    QaCommandTest.Run r =
        QaCommandTest.run(
            "logits",
            "--model",
            model.toString(),
            "--features",
            folded.toString(),
            "--out",
            out.toString(),
            "--batch_size",
            "2");

    assertThat(r.code()).as(r.err()).isZero();
    Map<String, HostTensor> got = Safetensors.read(out);
    assertThat(got.keySet())
        .containsExactly(
            "start_top_log_probs",
            "start_top_index",
            "end_top_log_probs",
            "end_top_index",
            "cls_logits");
    List<QaFeature> windows = FeatureLines.read(folded);
    int n = windows.size();
    assertThat(got.get("start_top_index").shape()).isEqualTo(new Shape(n, 5));
    assertThat(got.get("start_top_index").dataType()).isEqualTo(DataType.INT64);
    assertThat(got.get("end_top_log_probs").shape()).isEqualTo(new Shape(n, 25));
    assertThat(got.get("cls_logits").shape()).isEqualTo(new Shape(n));
    Map<String, float[]> want = throughApi(model, windows);
    for (String name : want.keySet()) {
      HostTensor t = got.get(name);
      float[] values =
          t.dataType() == DataType.INT64 ? toFloats(t.toLongArray()) : t.toFloatArray();
      assertClose(name, values, want.get(name));
    }
  }

  @Test
  void malformedFeaturesNameTheFileAndLineAndWriteNothing() throws IOException {
    Path features = dir.resolve("bad.jsonl");
    Files.writeString(features, "{\"example_id\":\"q1\",\"input_ids\":[1,2]}\n");
    Path out = dir.resolve("none.safetensors");
    QaCommandTest.Run r =
        QaCommandTest.run(
            "logits",
            "--model",
            SharedData.model("bert-tiny-absolute").toString(),
            "--features",
            features.toString(),
            "--out",
            out.toString());
    assertThat(r.code()).isEqualTo(QaCommand.RUN_ERROR);
    assertThat(r.err()).contains("bad.jsonl line 1").contains("is missing");
    assertThat(out).doesNotExist();
  }

  /** Every window in one batch through {@link QaModel#predict}, as host arrays by name. */
  private static Map<String, float[]> throughApi(Path model, List<QaFeature> windows)
      throws IOException {
    try (QaModel qa = QaModels.load(model, null, QaModels.DEFAULT_SEED, Device.cpu());
        NDManager scope = qa.manager().newSubManager()) {
      QaOutputs outputs =
          qa.predict(new ParameterStore(scope, false), QaBatch.of(scope, windows, false));
      if (outputs instanceof QaOutputs.Span span) {
        return Map.of(
            "start_logits", floats(span.startLogits()), "end_logits", floats(span.endLogits()));
      }
      QaOutputs.BeamSearch beam = (QaOutputs.BeamSearch) outputs;
      return Map.of(
          "start_top_log_probs", floats(beam.startTopProbs()),
          "start_top_index", floats(beam.startTopIndex()),
          "end_top_log_probs", floats(beam.endTopProbs()),
          "end_top_index", floats(beam.endTopIndex()),
          "cls_logits", floats(beam.clsLogits()));
    }
  }

  private static float[] floats(NDArray array) {
    return array.toType(DataType.FLOAT32, false).toFloatArray();
  }

  private static float[] toFloats(long[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static void assertClose(String name, float[] got, float[] want) {
    assertThat(got).as(name).hasSameSizeAs(want);
    for (int i = 0; i < got.length; i++) {
      // Batches of different sizes may differ in the last bits of a float32 sum.
      assertThat(Math.abs(got[i] - want[i])).as(name + "[" + i + "]").isLessThanOrEqualTo(1e-5f);
    }
  }

  /** A window as `qa features` writes it, its ids folded into [0, 1000). */
  private static String foldedLine(QaFeature f) {
    JsonObject o = new JsonObject();
    o.addProperty("example_id", f.exampleId());
    o.add("input_ids", array(f.inputIds(), 1000));
    o.add("token_type_ids", array(f.tokenTypeIds(), Integer.MAX_VALUE));
    o.add("attention_mask", array(f.attentionMask(), Integer.MAX_VALUE));
    JsonArray offsets = new JsonArray();
    for (int t = 0; t < f.length(); t++) {
      if (f.isContext(t)) {
        JsonArray pair = new JsonArray();
        pair.add(f.offsetStart()[t]);
        pair.add(f.offsetEnd()[t]);
        offsets.add(pair);
      } else {
        offsets.add(JsonParser.parseString("null"));
      }
    }
    o.add("offsets", offsets);
    o.addProperty("start_position", f.startPosition());
    o.addProperty("end_position", f.endPosition());
    o.addProperty("cls_index", f.clsIndex());
    o.addProperty("is_impossible", f.impossible() ? 1 : 0);
    o.add("p_mask", array(f.pMask(), Integer.MAX_VALUE));
    return o.toString();
  }

  private static JsonElement array(int[] values, int modulo) {
    JsonArray a = new JsonArray();
    for (int v : values) {
      a.add(v % modulo);
    }
    return a;
  }
}
