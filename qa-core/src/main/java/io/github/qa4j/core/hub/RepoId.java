package io.github.qa4j.core.hub;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face model repository: {@code NAME} or {@code ORG/NAME}, with an optional
 * {@code @REVISION} (branch, tag or commit; {@code main} when absent).
 *
 * @param name the repository id, such as {@code bert-base-uncased} or {@code org/model}
 * @param revision the branch, tag or commit hash
 */
record RepoId(String name, String revision) {

  private static final Pattern FORMAT =
      Pattern.compile(
          "((?:[A-Za-z0-9][A-Za-z0-9_.-]*/)?[A-Za-z0-9][A-Za-z0-9_.-]*)(?:@([A-Za-z0-9_./-]+))?");

  /** Parses {@code ORG/NAME[@REVISION]}; empty when the text is not a repository id. */
  static Optional<RepoId> parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches() || text.contains("..") || text.endsWith(".")) {
      return Optional.empty();
    }
    return Optional.of(new RepoId(m.group(1), m.group(2) == null ? "main" : m.group(2)));
  }

  /** The cache folder name, {@code models--ORG--NAME}, as huggingface_hub names it. */
  String cacheFolder() {
    return "models--" + name.replace("/", "--");
  }

  @Override
  public String toString() {
    return revision.equals("main") ? name : name + "@" + revision;
  }
}
