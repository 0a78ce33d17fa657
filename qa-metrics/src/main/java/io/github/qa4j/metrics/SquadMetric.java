package io.github.qa4j.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The two SQuAD metrics, named as Hugging Face's {@code evaluate} library names them. */
public enum SquadMetric {
  /** SQuAD v1.1 ({@code evaluate-v1.1.py}): keys {@code exact_match}, {@code f1}. */
  SQUAD("squad"),
  /**
   * SQuAD v2.0 ({@code evaluate-v2.0.py}): keys {@code exact}, {@code f1}, {@code total}, the
   * {@code HasAns_} and {@code NoAns_} groups and, with no-answer probabilities, {@code best_*}.
   */
  SQUAD_V2("squad_v2");

  private final String id;

  SquadMetric(String id) {
    this.id = id;
  }

  /** The name used on the command line and in Hugging Face: {@code squad} or {@code squad_v2}. */
  public String id() {
    return id;
  }

  /**
   * The metric with the given {@link #id()}, ignoring case.
   *
   * @throws IllegalArgumentException naming the value and the valid names when none matches
   */
  public static SquadMetric fromId(String id) {
    for (SquadMetric metric : values()) {
      if (metric.id.equals(id.toLowerCase(Locale.ROOT))) {
        return metric;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '"
            + id
            + "'; expected one of "
            + Arrays.stream(values()).map(SquadMetric::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
