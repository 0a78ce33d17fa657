package io.github.qa4j.models.deberta;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Log buckets and c2p / p2c rows against transformers' {@code build_relative_position}. */
class RelativePositionsTest {

  @Test
  void bucketsMatchTransformersForEveryDistance() throws IOException {
    Path file = DebertaQaFixture.dir("deberta-v3-tiny").resolveSibling("buckets.safetensors");
    Map<String, HostTensor> tables = Safetensors.read(file);
    assertThat(tables).containsKey("buckets.256.512.512.first_row"); // DeBERTa-v3-base's setting
    int checked = 0;
    for (Map.Entry<String, HostTensor> e : tables.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      int size = Integer.parseInt(parts[1]);
      int max = Integer.parseInt(parts[2]);
      int length = Integer.parseInt(parts[3]);
      long query = parts[4].equals("first_row") ? 0 : length - 1;
      long[] expected = e.getValue().toLongArray();
      for (int key = 0; key < length; key++) {
        assertThat(RelativePositions.bucket(query - key, size, max))
            .as("%s, key %d", e.getKey(), key)
            .isEqualTo(expected[key]);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(2 * (512 + 24 + 200 + 40));
  }

  /** For settings as checkpoints use them: at least 4 buckets, fewer than the largest distance. */
  @Property(tries = 300)
  void bucketsAreOddMonotoneAndExactNearZero(
      @ForAll @IntRange(min = 4, max = 512) int size,
      @ForAll @IntRange(min = 3, max = 4096) int max,
      @ForAll @IntRange(min = 0, max = 5000) int distance) {
    Assume.that(max > size);
    long b = RelativePositions.bucket(distance, size, max);
    assertThat(RelativePositions.bucket(-distance, size, max)).isEqualTo(-b);
    assertThat(b).isLessThanOrEqualTo(RelativePositions.bucket(distance + 1, size, max));
    if (distance <= size / 2) {
      assertThat(b).isEqualTo(distance);
    }
  }

  @Test
  void withoutBucketsTheDistanceIsKept() {
    assertThat(RelativePositions.bucket(-300, 0, 512)).isEqualTo(-300);
    assertThat(RelativePositions.bucket(300, 256, -1)).isEqualTo(300);
  }

  @Test
  void rowsAreShiftedByTheSpanAndClamped() {
    // No buckets, max_relative_positions 2: span 2, rows 0..3.
    JsonObject json =
        JsonParser.parseString(
                "{\"vocab_size\":10,\"hidden_size\":8,\"num_hidden_layers\":1,"
                    + "\"num_attention_heads\":2,\"intermediate_size\":16,"
                    + "\"max_position_embeddings\":16,\"relative_attention\":true,"
                    + "\"max_relative_positions\":2,\"pos_att_type\":[\"c2p\",\"p2c\"]}")
            .getAsJsonObject();
    DebertaV2Config config = DebertaV2Config.from(json, Path.of("config.json"));
    try (NDManager m = NDManager.newBaseManager()) {
      long[] c2p =
          RelativePositions.indexes(m.zeros(new ai.djl.ndarray.types.Shape(1)), 4, config, true)
              .toLongArray();
      long[] p2c =
          RelativePositions.indexes(m.zeros(new ai.djl.ndarray.types.Shape(1)), 4, config, false)
              .toLongArray();
      // c2p[i][j] = clamp(i - j + 2, 0, 3)
      assertThat(c2p).containsExactly(2, 1, 0, 0, 3, 2, 1, 0, 3, 3, 2, 1, 3, 3, 3, 2);
      // p2c[j][i] = clamp(-(j - i) + 2, 0, 3)
      assertThat(p2c).containsExactly(2, 3, 3, 3, 1, 2, 3, 3, 0, 1, 2, 3, 0, 0, 1, 2);
    }
  }
}
