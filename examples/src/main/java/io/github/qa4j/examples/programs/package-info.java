/**
 * Small programs to copy: each has a {@code main}, does one thing with the library's public API and
 * runs in CI on the tiny fixtures.
 *
 * <ul>
 *   <li>{@link io.github.qa4j.examples.programs.AnswerService}: a thread-safe {@code
 *       QuestionAnswerer} behind an HTTP endpoint (the JDK's {@code HttpServer}), JSON in and out;
 *   <li>{@link io.github.qa4j.examples.programs.FineTune}: fine-tune on your own SQuAD-format data
 *       and evaluate;
 *   <li>{@link io.github.qa4j.examples.programs.EvaluatePredictions}: the official SQuAD metrics of
 *       a predictions file;
 *   <li>{@link io.github.qa4j.examples.programs.ReadWindows}: the model windows of a SQuAD file for
 *       a model of your own, and its logits decoded into answers.
 * </ul>
 */
package io.github.qa4j.examples.programs;
