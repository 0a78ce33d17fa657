package io.github.qa4j.squad;

import io.github.qa4j.core.data.QaExample;
import java.util.List;

/**
 * One article of a SQuAD file: its title and its questions in file order. Questions of one
 * paragraph share the same context {@link String} instance.
 *
 * @param title the article title
 * @param examples the questions, paragraph by paragraph
 */
public record SquadArticle(String title, List<QaExample> examples) {

  /** Copies the examples. */
  public SquadArticle {
    title = title == null ? "" : title;
    examples = List.copyOf(examples);
  }
}
