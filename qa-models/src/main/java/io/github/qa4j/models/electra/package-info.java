/**
 * ELECTRA's discriminator encoder: BERT's embeddings at {@code embedding_size}, projected to the
 * hidden size by {@code embeddings_project} when the two differ, then BERT layers.
 */
package io.github.qa4j.models.electra;
