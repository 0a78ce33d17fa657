package io.github.qa4j.metrics;

import java.util.List;
import java.util.Map;

/** The result of one evaluation: the official numbers, per-question scores and coverage. */
public sealed interface SquadResult permits SquadV1Result, SquadV2Result {

  /** The metric that produced this result. */
  SquadMetric metric();

  /**
   * The official numbers with the official key names, in the order the official script prints them:
   * a {@link java.util.LinkedHashMap} of {@link Double} scores and {@link Integer} totals, ready
   * for JSON output.
   */
  Map<String, Object> toMap();

  /** The score of every gold question, in gold order. */
  List<QuestionScore> questions();

  /** Missing and unknown predictions. */
  Coverage coverage();
}
