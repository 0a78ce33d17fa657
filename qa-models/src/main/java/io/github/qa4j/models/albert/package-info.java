/**
 * ALBERT's encoder: factorized embeddings ({@code embedding_size}, then {@code
 * encoder.embedding_hidden_mapping_in}) and layers shared across depth in {@code num_hidden_groups}
 * groups of {@code inner_group_num} layers.
 */
package io.github.qa4j.models.albert;
