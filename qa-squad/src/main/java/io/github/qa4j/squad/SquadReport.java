package io.github.qa4j.squad;

import java.nio.file.Path;
import java.util.List;

/**
 * What reading a SQuAD file found.
 *
 * @param file the file read
 * @param version v2.0 when the file says so or any question has {@code is_impossible} or {@code
 *     plausible_answers}; v1.1 otherwise
 * @param articles articles read
 * @param paragraphs paragraphs (contexts) read
 * @param questions questions kept
 * @param impossibleQuestions kept questions marked unanswerable
 * @param answers answers kept
 * @param skippedAnswers answers skipped in lenient mode (offset and text do not match the context)
 * @param skippedQuestions questions skipped in lenient mode (duplicate id, or no answer left)
 * @param problems one line per skipped answer or question, naming the question id and value
 */
public record SquadReport(
    Path file,
    SquadVersion version,
    int articles,
    int paragraphs,
    int questions,
    int impossibleQuestions,
    int answers,
    int skippedAnswers,
    int skippedQuestions,
    List<String> problems) {

  /** Copies the problem list. */
  public SquadReport {
    problems = List.copyOf(problems);
  }

  /** Whether nothing was skipped. */
  public boolean clean() {
    return skippedAnswers == 0 && skippedQuestions == 0;
  }

  /** A one-line summary. */
  public String summary() {
    return String.format(
        "%s: SQuAD %s, %d articles, %d paragraphs, %d questions (%d impossible), %d answers;"
            + " skipped %d answers, %d questions",
        file,
        version.label(),
        articles,
        paragraphs,
        questions,
        impossibleQuestions,
        answers,
        skippedAnswers,
        skippedQuestions);
  }
}
