package io.github.qa4j.metrics;

import java.util.OptionalDouble;

/**
 * The scores of one question, to see which questions failed and why.
 *
 * @param id the question id
 * @param answerable whether the question has a gold answer (always true for the v1.1 metric)
 * @param missing whether the prediction was missing; it then scores 0
 * @param exact the exact-match score counted in the totals (0 or 1), after the no-answer threshold
 * @param f1 the F1 score counted in the totals, from 0 to 1, after the no-answer threshold
 * @param rawExact the exact-match score of the predicted text, before the threshold
 * @param rawF1 the F1 score of the predicted text, before the threshold
 * @param naProb the no-answer probability, when one was given (v2.0 only)
 * @param abstained whether the no-answer probability exceeded the threshold, so that the question
 *     was scored as a "no answer" prediction (v2.0 only)
 */
public record QuestionScore(
    String id,
    boolean answerable,
    boolean missing,
    double exact,
    double f1,
    double rawExact,
    double rawF1,
    OptionalDouble naProb,
    boolean abstained) {}
