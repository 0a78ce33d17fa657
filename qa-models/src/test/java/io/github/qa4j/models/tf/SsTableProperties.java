package io.github.qa4j.models.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class SsTableProperties {

  /** Whatever keys, values and block sizes, the reader returns the sorted entries written. */
  @Property(tries = 200)
  void readsBackWhatWasWritten(
      @ForAll @Size(max = 40)
          Map<@StringLength(max = 30) String, @StringLength(max = 50) String> map,
      @ForAll @IntRange(min = 1, max = 6) int perBlock)
      throws IOException {
    List<byte[][]> entries = new ArrayList<>();
    map.forEach(
        (k, v) ->
            entries.add(
                new byte[][] {
                  k.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)
                }));
    // An SSTable is sorted by unsigned bytes, which is not String order for every string.
    entries.sort((a, b) -> java.util.Arrays.compareUnsigned(a[0], b[0]));

    List<SsTable.Entry> read = SsTable.read(TestBundles.table(entries, perBlock));

    assertThat(read).hasSize(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      assertThat(read.get(i).key()).isEqualTo(entries.get(i)[0]);
      assertThat(read.get(i).value()).isEqualTo(entries.get(i)[1]);
    }
  }
}
