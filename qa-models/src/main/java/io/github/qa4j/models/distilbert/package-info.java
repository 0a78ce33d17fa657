/**
 * DistilBERT's encoder with transformers' parameter names ({@code embeddings}, {@code
 * transformer.layer.N} with {@code q_lin}, {@code sa_layer_norm}, {@code ffn.lin1}, ...): no token
 * types, learned or sinusoidal position embeddings.
 */
package io.github.qa4j.models.distilbert;
