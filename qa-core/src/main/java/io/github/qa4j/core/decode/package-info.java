/**
 * Decoding: from a model's per-window scores to one answer per question, in host memory.
 *
 * <p>{@link io.github.qa4j.core.decode.SpanDecoder} decodes start/end logits with the semantics of
 * Hugging Face's {@code postprocess_qa_predictions} ({@code utils_qa.py}); {@link
 * io.github.qa4j.core.decode.BeamSearchDecoder} decodes the top-k outputs of an answerability
 * (XLNet-style) head; {@link io.github.qa4j.core.decode.PredictionWriter} writes the result as
 * {@code predictions.json}, {@code nbest_predictions.json} and {@code null_odds.json}.
 */
package io.github.qa4j.core.decode;
