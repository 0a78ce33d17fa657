package io.github.qa4j.core.inference;

/**
 * One answer candidate for a question, as transformers' {@code question-answering} pipeline reports
 * it: {@code score} is the pipeline's probability, and "no answer" is the empty answer at offsets
 * 0, 0 ({@code handle_impossible_answer}).
 *
 * @param text the answer, exactly {@code context.substring(start, end)}; empty for "no answer"
 * @param start {@link String} index in the caller's context where the answer starts; 0 for "no
 *     answer"
 * @param end exclusive {@link String} index where the answer ends; 0 for "no answer"
 * @param score the probability the pipeline gives this answer: start probability times end
 *     probability, each a softmax over its window's context and CLS tokens; for "no answer" the
 *     smallest such product at the CLS token over the windows (see {@link
 *     io.github.qa4j.core.decode.NBestEntry#pipelineScore()} and {@link
 *     io.github.qa4j.core.decode.SpanDecoder} for what matches the pipeline exactly)
 * @param logitScore the score answers are ranked by, as {@code utils_qa.py} ranks them: the start
 *     logit plus the end logit (for a beam-search head, the sum of its start and end probabilities)
 * @param noAnswer whether this candidate is "the passage does not answer the question"
 */
public record RankedAnswer(
    String text, int start, int end, double score, double logitScore, boolean noAnswer) {}
