package io.github.qa4j.core.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * The best {@code capacity} candidates by score, best first; candidates with equal scores keep the
 * order in which they were offered.
 *
 * <p>This equals a stable descending sort of every candidate followed by a cut, as Python's {@code
 * sorted(..., reverse=True)[:n]} does, without keeping the candidates that cannot make the cut.
 */
final class Ranking {

  private final int capacity;
  private final List<Candidate> kept;

  Ranking(int capacity) {
    this.capacity = capacity;
    this.kept = new ArrayList<>(capacity + 1);
  }

  /** Whether a candidate with this score would be kept now. */
  boolean admits(float score) {
    // A later candidate with an equal score sorts after the last one, so it must beat it.
    return kept.size() < capacity || kept.get(kept.size() - 1).score() < score;
  }

  /** Offers a candidate. */
  void offer(Candidate candidate) {
    if (!admits(candidate.score())) {
      return;
    }
    int at = kept.size();
    while (at > 0 && kept.get(at - 1).score() < candidate.score()) {
      at--;
    }
    kept.add(at, candidate);
    if (kept.size() > capacity) {
      kept.remove(kept.size() - 1);
    }
  }

  /** The kept candidates, best first (a fresh, modifiable list). */
  List<Candidate> best() {
    return new ArrayList<>(kept);
  }
}
