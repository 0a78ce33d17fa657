package io.github.qa4j.models.deberta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.models.common.ModelWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Random initialization as transformers' {@code DebertaV2PreTrainedModel._init_weights}. */
class DebertaV2InitializerTest {

  private static final double RANGE = 0.05;

  private static DebertaV2Config config() {
    JsonObject json =
        JsonParser.parseString(
                "{\"vocab_size\":600,\"hidden_size\":64,\"num_hidden_layers\":2,"
                    + "\"num_attention_heads\":4,\"intermediate_size\":128,"
                    + "\"max_position_embeddings\":128,\"type_vocab_size\":2,"
                    + "\"initializer_range\":"
                    + RANGE
                    + ",\"pad_token_id\":3,\"relative_attention\":true,"
                    + "\"pos_att_type\":\"p2c|c2p\",\"position_buckets\":32,"
                    + "\"norm_rel_ebd\":\"layer_norm\",\"embedding_size\":48,"
                    + "\"conv_kernel_size\":3}")
            .getAsJsonObject();
    return DebertaV2Config.from(json, Path.of("config.json"));
  }

  @Test
  void weightsAreNormalBiasesZeroNormsOneAndThePaddingRowZero() {
    DebertaV2Config config = config();
    DebertaV2Model model = new DebertaV2Model(config);
    Map<String, Parameter> parameters = model.namedParameters();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      ModelWeights.initialize(
          parameters,
          new ArrayList<>(parameters.keySet()),
          DebertaV2Model.initializer(config),
          42,
          manager);
      int weights = 0;
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        String name = e.getKey();
        float[] v = e.getValue().getArray().toFloatArray();
        if (name.endsWith("LayerNorm.weight")) {
          assertThat(v).as(name).containsOnly(1f);
        } else if (name.endsWith(".bias")) {
          assertThat(v).as(name).containsOnly(0f);
        } else {
          double mean = 0;
          double square = 0;
          int n = 0;
          int width = name.equals("embeddings.word_embeddings.weight") ? 48 : 0;
          for (int i = 0; i < v.length; i++) {
            if (width > 0 && i / width == config.padTokenId()) {
              assertThat(v[i]).as(name + " padding row").isZero();
              continue;
            }
            mean += v[i];
            square += (double) v[i] * v[i];
            n++;
          }
          mean /= n;
          double std = Math.sqrt(square / n - mean * mean);
          // With 2,000+ values the sample std is within 10% of the range (over 4 sigma);
          // the small token type table (96 values) gets a wider bound.
          double slack = n >= 2000 ? 0.1 : 0.35;
          assertThat(std).as(name + " std").isCloseTo(RANGE, within(RANGE * slack));
          assertThat(mean).as(name + " mean").isCloseTo(0, within(RANGE * slack));
          weights++;
        }
      }
      assertThat(parameters)
          .containsKeys(
              "embeddings.embed_proj.weight",
              "embeddings.position_embeddings.weight",
              "embeddings.token_type_embeddings.weight",
              "encoder.rel_embeddings.weight",
              "encoder.LayerNorm.weight",
              "encoder.conv.conv.weight",
              "encoder.layer.1.attention.self.pos_key_proj.weight",
              "encoder.layer.1.attention.self.pos_query_proj.bias");
      assertThat(parameters.get("encoder.rel_embeddings.weight").getShape().get(0)).isEqualTo(64);
      assertThat(parameters.get("encoder.conv.conv.weight").getShape().getShape())
          .containsExactly(64, 64, 3);
      assertThat(weights).isEqualTo(2 * 8 + 6);
    }
  }
}
