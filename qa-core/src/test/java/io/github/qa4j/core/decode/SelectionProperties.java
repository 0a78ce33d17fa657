package io.github.qa4j.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** {@link TopIndexes} and {@link Ranking} against a full stable sort. */
class SelectionProperties {

  @Property
  void topIndexesEqualTheReversedStableArgsort(
      @ForAll @Size(max = 60) List<@IntRange(min = -5, max = 5) Integer> ints,
      @ForAll @IntRange(min = 1, max = 25) int k) {
    // Small integer values make ties frequent.
    float[] values = new float[ints.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = ints.get(i);
    }
    // Stable ascending argsort, reversed: descending, equal values by descending index.
    List<Integer> expected =
        IntStream.range(0, values.length)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> values[i]).thenComparing(i -> i))
            .toList();
    List<Integer> reversed = new ArrayList<>(expected);
    java.util.Collections.reverse(reversed);
    int[] out = new int[k];
    int n = TopIndexes.select(values, k, out);
    assertThat(n).isEqualTo(Math.min(k, values.length));
    assertThat(IntStream.of(out).limit(n).boxed().toList()).isEqualTo(reversed.subList(0, n));
  }

  @Property
  void rankingEqualsAStableSortThenCut(
      @ForAll @Size(max = 80) List<@IntRange(min = -6, max = 6) Integer> scores,
      @ForAll @IntRange(min = 1, max = 30) int capacity) {
    Ranking ranking = new Ranking(capacity);
    List<Candidate> all = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      // The start offset records the arrival order.
      Candidate c = new Candidate(scores.get(i), scores.get(i), 0f, i, i, NBestEntry.Kind.SPAN, 0);
      all.add(c);
      ranking.offer(c);
    }
    List<Candidate> sorted =
        all.stream().sorted(Comparator.comparingDouble(c -> -c.score())).toList();
    assertThat(ranking.best()).isEqualTo(sorted.subList(0, Math.min(capacity, sorted.size())));
  }
}
