/**
 * DeBERTa-v2 and DeBERTa-v3 ({@code model_type} {@code deberta-v2}) as DJL blocks with Hugging Face
 * parameter names: {@link io.github.qa4j.models.deberta.DebertaV2Model} is the encoder, computing
 * disentangled attention (content-to-position and position-to-content terms over log-bucketed
 * relative positions) as transformers does.
 */
package io.github.qa4j.models.deberta;
