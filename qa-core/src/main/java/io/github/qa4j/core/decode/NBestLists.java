package io.github.qa4j.core.decode;

import io.github.qa4j.core.data.QaExample;
import java.util.ArrayList;
import java.util.List;

/** Turns ranked candidates into n-best entries: texts and probabilities. */
final class NBestLists {

  private NBestLists() {}

  /** The text of a span candidate, checking its offsets against the context. */
  static String text(QaExample example, Candidate candidate) {
    if (candidate.kind() != NBestEntry.Kind.SPAN) {
      return "";
    }
    int start = candidate.startOffset();
    int end = candidate.endOffset();
    if (start < 0 || end < start || end > example.context().length()) {
      throw new IllegalArgumentException(
          "example '"
              + example.id()
              + "': window offsets ["
              + start
              + ", "
              + end
              + ") do not fit its context of "
              + example.context().length()
              + " chars");
    }
    return example.context().substring(start, end);
  }

  /**
   * The n-best entries of the candidates with their softmax probabilities, computed in double
   * precision (numpy computes them in float32; the two agree to about 1e-7).
   */
  static List<NBestEntry> withProbabilities(List<Candidate> candidates, List<String> texts) {
    double max = Double.NEGATIVE_INFINITY;
    for (Candidate c : candidates) {
      max = Math.max(max, c.score());
    }
    double[] exps = new double[candidates.size()];
    double sum = 0;
    for (int i = 0; i < exps.length; i++) {
      exps[i] = Math.exp(candidates.get(i).score() - max);
      sum += exps[i];
    }
    List<NBestEntry> entries = new ArrayList<>(exps.length);
    for (int i = 0; i < exps.length; i++) {
      Candidate c = candidates.get(i);
      boolean span = c.kind() == NBestEntry.Kind.SPAN;
      entries.add(
          new NBestEntry(
              texts.get(i),
              span ? c.startOffset() : -1,
              span ? c.endOffset() : -1,
              c.startScore(),
              c.endScore(),
              (float) (exps[i] / sum),
              c.kind(),
              c.pipelineScore()));
    }
    return entries;
  }
}
