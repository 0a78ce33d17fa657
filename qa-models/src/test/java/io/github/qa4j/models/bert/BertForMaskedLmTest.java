package io.github.qa4j.models.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.models.tf.TestBundles;
import io.github.qa4j.models.tf.TfBertConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertForMaskedLmTest {

  @TempDir Path tmp;

  private Path tinyModel() throws IOException {
    Path saved = tmp.resolve("saved");
    TestBundles.writeTinyBert(saved, 21);
    Path dir = tmp.resolve("hf");
    new TfBertConverter().convert(saved, dir, Optional.empty());
    return dir;
  }

  /**
   * The head computed by hand from the file's tensors on the encoder's output: LayerNorm(gelu(W h +
   * b)) times the word embedding table, plus the bias.
   */
  @Test
  void logitsAreTheTiedDecoderOverTheTransformedHiddenState() throws IOException {
    Path dir = tinyModel();
    Map<String, HostTensor> w = Safetensors.read(dir.resolve("model.safetensors"));
    try (BertForMaskedLm model = BertForMaskedLm.load(dir, Device.cpu());
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      ParameterStore store = new ParameterStore(manager, false);
      NDArray ids = manager.create(new long[][] {{3, 6, 7, 8, 9, 10, 5, 13, 4}});
      NDArray mask = ids.onesLike();
      NDArray logits = model.logits(store, ids, null, mask);
      assertThat(logits.getShape().getShape()).containsExactly(1, 9, TestBundles.TINY_VOCAB.size());
      float[] hidden =
          model
              .encoder()
              .sequenceOutput(store, ids, null, mask, false)
              .get(new NDIndex("0, 6, :"))
              .toFloatArray();
      float[] actual = logits.get(new NDIndex("0, 6, :")).toFloatArray();

      float[] expected = head(w, hidden);
      for (int v = 0; v < expected.length; v++) {
        assertThat(actual[v]).as("vocab %d", v).isCloseTo(expected[v], within(1e-4f));
      }
    }
  }

  @Test
  void aMissingHeadTensorIsNamed() throws IOException {
    Path dir = tinyModel();
    Map<String, HostTensor> w =
        new LinkedHashMap<>(Safetensors.read(dir.resolve("model.safetensors")));
    w.remove("cls.predictions.transform.dense.bias");
    Safetensors.write(dir.resolve("model.safetensors"), w, Map.of("format", "pt"));

    assertThatThrownBy(() -> BertForMaskedLm.load(dir, Device.cpu()))
        .hasMessageContaining("cls.predictions.transform.dense.bias");
  }

  @Test
  void theDecoderHasNoWeightOfItsOwn() throws IOException {
    Path dir = tinyModel();
    try (BertForMaskedLm model = BertForMaskedLm.load(dir, Device.cpu())) {
      assertThat(model.namedParameters())
          .containsKeys("bert.embeddings.word_embeddings.weight", "cls.predictions.bias")
          .doesNotContainKeys("cls.predictions.decoder.weight", "bert.pooler.dense.weight");
      assertThat(Files.size(dir.resolve("model.safetensors"))).isPositive();
    }
  }

  private static float[] head(Map<String, HostTensor> w, float[] h) {
    int hidden = h.length;
    float[] dw = w.get("cls.predictions.transform.dense.weight").toFloatArray();
    float[] db = w.get("cls.predictions.transform.dense.bias").toFloatArray();
    float[] gamma = w.get("cls.predictions.transform.LayerNorm.weight").toFloatArray();
    float[] beta = w.get("cls.predictions.transform.LayerNorm.bias").toFloatArray();
    float[] table = w.get("bert.embeddings.word_embeddings.weight").toFloatArray();
    float[] bias = w.get("cls.predictions.bias").toFloatArray();
    double[] y = new double[hidden];
    for (int o = 0; o < hidden; o++) {
      double s = db[o];
      for (int i = 0; i < hidden; i++) {
        s += dw[o * hidden + i] * (double) h[i];
      }
      y[o] = 0.5 * s * (1 + erf(s / Math.sqrt(2)));
    }
    double mean = 0;
    for (double v : y) {
      mean += v / hidden;
    }
    double var = 0;
    for (double v : y) {
      var += (v - mean) * (v - mean) / hidden;
    }
    double[] z = new double[hidden];
    for (int i = 0; i < hidden; i++) {
      z[i] = (y[i] - mean) / Math.sqrt(var + 1e-12) * gamma[i] + beta[i];
    }
    float[] out = new float[bias.length];
    for (int v = 0; v < bias.length; v++) {
      double s = bias[v];
      for (int i = 0; i < hidden; i++) {
        s += table[v * hidden + i] * z[i];
      }
      out[v] = (float) s;
    }
    return out;
  }

  /** Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7. */
  private static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double r = 1 - poly * Math.exp(-x * x);
    return x >= 0 ? r : -r;
  }
}
