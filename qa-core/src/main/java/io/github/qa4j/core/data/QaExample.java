package io.github.qa4j.core.data;

import java.util.List;
import java.util.Objects;

/**
 * One question about one context, as in a SQuAD file.
 *
 * <p>All character offsets in qa4j's Java API are {@link String} indexes (UTF-16 code units) into
 * {@link #context()}; readers and writers of SQuAD files convert from and to the code point offsets
 * that SQuAD JSON uses.
 *
 * @param id the question id, unique in a dataset
 * @param title the title of the article the context comes from
 * @param context the passage the answer is taken from
 * @param question the question text, as given (featurizers strip leading whitespace)
 * @param answers the gold answers; empty for unanswerable questions and for unlabeled inputs
 * @param impossible whether the question is marked unanswerable (SQuAD v2 {@code is_impossible})
 */
public record QaExample(
    String id,
    String title,
    String context,
    String question,
    List<Answer> answers,
    boolean impossible) {

  /** Validates and copies the answers. */
  public QaExample {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(question, "question");
    title = title == null ? "" : title;
    answers = List.copyOf(answers);
  }

  /** An unlabeled question, as an application asks it. */
  public static QaExample unlabeled(String id, String question, String context) {
    return new QaExample(id, "", context, question, List.of(), false);
  }
}
