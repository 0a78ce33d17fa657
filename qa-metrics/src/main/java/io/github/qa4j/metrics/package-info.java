/**
 * The official SQuAD v1.1 and v2.0 metrics without a model: {@link
 * io.github.qa4j.metrics.SquadEvaluator} over gold answers and predictions (plain maps, or files
 * read with {@link io.github.qa4j.metrics.PredictionReader}), answer normalization with Python's
 * string semantics ({@link io.github.qa4j.metrics.AnswerNormalizer}) and per-answer scores ({@link
 * io.github.qa4j.metrics.AnswerScores}).
 */
package io.github.qa4j.metrics;
