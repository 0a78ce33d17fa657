package io.github.qa4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link LengthGrouping} against transformers' {@code get_length_grouped_indices}. */
class LengthGroupingTest {

  private static final Path FIXTURE =
      Path.of("src/test/resources/fixtures/grouping/length_grouped.json");

  /**
   * Given transformers' shuffle, the regrouped order is transformers' order, element by element.
   */
  @Test
  void regroupsAsTransformersDoes() throws IOException {
    JsonObject fixture;
    try (Reader r = Files.newBufferedReader(FIXTURE, StandardCharsets.UTF_8)) {
      fixture = JsonParser.parseReader(r).getAsJsonObject();
    }
    JsonArray cases = fixture.getAsJsonArray("cases");
    assertThat(cases).isNotEmpty();
    for (JsonElement e : cases) {
      JsonObject c = e.getAsJsonObject();
      int[] lengths = ints(c.getAsJsonArray("lengths"));
      int[] order =
          LengthGrouping.regroup(
              ints(c.getAsJsonArray("shuffled")), lengths, c.get("batch").getAsInt());
      assertThat(order)
          .as("%d windows", lengths.length)
          .containsExactly(ints(c.getAsJsonArray("order")));
    }
  }

  /** Every window once; the first is a longest one; within a mega-batch, lengths never grow. */
  @Property
  void permutesAndPutsTheLongestFirst(
      @ForAll @Size(min = 1, max = 300) int[] rawLengths,
      @ForAll @IntRange(min = 1, max = 32) int stepWindows) {
    int[] lengths = Arrays.stream(rawLengths).map(l -> Math.floorMod(l, 384) + 1).toArray();
    int[] shuffled = IntStream.range(0, lengths.length).map(i -> lengths.length - 1 - i).toArray();
    int[] order = LengthGrouping.regroup(shuffled, lengths, stepWindows);
    assertThat(order).containsExactlyInAnyOrder(shuffled);
    assertThat(lengths[order[0]]).isEqualTo(Arrays.stream(lengths).max().orElseThrow());
    int mega = Math.max(1, Math.min(lengths.length / (stepWindows * 4), 50)) * stepWindows;
    for (int from = 0; from < order.length; from += mega) {
      // The swap of the longest into place 0 may break the order at two places only.
      for (int i = from + 2; i < Math.min(order.length, from + mega); i++) {
        assertThat(lengths[order[i]]).isLessThanOrEqualTo(lengths[order[i - 1]]);
      }
    }
  }

  private static int[] ints(JsonArray array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).getAsInt();
    }
    return out;
  }
}
