package io.github.qa4j.squad;

import static com.google.common.base.Preconditions.checkArgument;

import io.github.qa4j.core.data.QaExample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A SQuAD file in memory: its articles (with their examples) and what reading it found.
 *
 * @param articles the articles in file order
 * @param report the reader's counts, version and problems
 */
public record SquadDataset(List<SquadArticle> articles, SquadReport report) {

  /** Copies the article list. */
  public SquadDataset {
    articles = List.copyOf(articles);
  }

  /** The format version detected while reading. */
  public SquadVersion version() {
    return report.version();
  }

  /** All examples, article by article, in file order. */
  public List<QaExample> examples() {
    List<QaExample> all = new ArrayList<>();
    for (SquadArticle article : articles) {
      all.addAll(article.examples());
    }
    return all;
  }

  /**
   * Splits the articles into two datasets, so that no context is shared between training and
   * evaluation. {@code round(evalFraction * articles)} articles, chosen by a shuffle seeded with
   * {@code seed}, go to the evaluation side (at least one and at most all but one when there are
   * two or more articles and the fraction is strictly between 0 and 1); both sides keep file order.
   *
   * @param evalFraction the fraction of articles to evaluate on, from 0 to 1
   * @param seed the shuffle seed; the same seed gives the same split
   */
  public ArticleSplit splitByArticle(double evalFraction, long seed) {
    checkArgument(
        evalFraction >= 0 && evalFraction <= 1,
        "evalFraction must be in [0, 1], got %s",
        evalFraction);
    int n = articles.size();
    int evalCount = (int) Math.round(evalFraction * n);
    if (n >= 2 && evalFraction > 0 && evalFraction < 1) {
      evalCount = Math.max(1, Math.min(n - 1, evalCount));
    }
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    boolean[] isEval = new boolean[n];
    for (int i = 0; i < evalCount; i++) {
      isEval[order.get(i)] = true;
    }
    List<SquadArticle> train = new ArrayList<>();
    List<SquadArticle> eval = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (isEval[i] ? eval : train).add(articles.get(i));
    }
    return new ArticleSplit(subset(train), subset(eval));
  }

  private SquadDataset subset(List<SquadArticle> part) {
    int paragraphs = 0;
    int questions = 0;
    int impossible = 0;
    int answers = 0;
    for (SquadArticle article : part) {
      String previous = null;
      for (QaExample ex : article.examples()) {
        // Questions of one paragraph share their context instance.
        if (ex.context() != previous) {
          paragraphs++;
          previous = ex.context();
        }
        questions++;
        impossible += ex.impossible() ? 1 : 0;
        answers += ex.answers().size();
      }
    }
    SquadReport r =
        new SquadReport(
            report.file(),
            report.version(),
            part.size(),
            paragraphs,
            questions,
            impossible,
            answers,
            0,
            0,
            List.of());
    return new SquadDataset(part, r);
  }

  /**
   * Two disjoint sets of articles.
   *
   * @param train the articles to train on
   * @param eval the articles to evaluate on
   */
  public record ArticleSplit(SquadDataset train, SquadDataset eval) {}
}
