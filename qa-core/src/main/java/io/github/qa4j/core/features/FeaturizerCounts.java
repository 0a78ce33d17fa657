package io.github.qa4j.core.features;

import java.util.List;

/**
 * What a {@link Featurizer} did: examples and features produced, and the questions it had to
 * truncate because no context token would have fit beside them.
 *
 * @param examples examples featurized
 * @param features features (windows) produced
 * @param truncatedQuestions questions cut to leave room for the context
 * @param truncatedQuestionIds ids of the first truncated questions (at most {@value #MAX_IDS})
 */
public record FeaturizerCounts(
    long examples, long features, long truncatedQuestions, List<String> truncatedQuestionIds) {

  /** How many truncated question ids are kept. */
  public static final int MAX_IDS = 100;

  /** Copies the id list. */
  public FeaturizerCounts {
    truncatedQuestionIds = List.copyOf(truncatedQuestionIds);
  }

  /** A one-line summary. */
  public String summary() {
    String s = examples + " examples, " + features + " features";
    if (truncatedQuestions > 0) {
      s +=
          ", "
              + truncatedQuestions
              + " questions truncated to fit the window (first: "
              + String.join(
                  ", ", truncatedQuestionIds.subList(0, Math.min(5, truncatedQuestionIds.size())))
              + ")";
    }
    return s;
  }
}
