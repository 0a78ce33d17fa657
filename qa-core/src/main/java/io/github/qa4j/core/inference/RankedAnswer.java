package io.github.qa4j.core.inference;

/**
 * One answer candidate for a question.
 *
 * @param text the answer, exactly {@code context.substring(start, end)}; empty for "no answer"
 * @param start {@link String} index in the caller's context where the answer starts; -1 for "no
 *     answer"
 * @param end exclusive {@link String} index where the answer ends; -1 for "no answer"
 * @param score the model's score (start + end logit, or log-probabilities for the beam head)
 * @param probability softmax of the scores over the question's candidates
 * @param noAnswer whether this candidate is "the passage does not answer the question"
 */
public record RankedAnswer(
    String text, int start, int end, double score, double probability, boolean noAnswer) {}
