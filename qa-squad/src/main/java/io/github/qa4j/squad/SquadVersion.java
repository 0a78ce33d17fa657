package io.github.qa4j.squad;

/** The SQuAD format version of a file. */
public enum SquadVersion {
  /** SQuAD v1.1: every question has at least one answer. */
  V1_1("1.1"),
  /** SQuAD v2.0: questions may be unanswerable ({@code is_impossible}). */
  V2_0("v2.0");

  private final String label;

  SquadVersion(String label) {
    this.label = label;
  }

  /** The {@code version} string the official files carry. */
  public String label() {
    return label;
  }
}
