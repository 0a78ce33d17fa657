/**
 * BERT in DJL blocks that compute what Hugging Face transformers computes, with transformers'
 * parameter names: {@link io.github.qa4j.models.bert.BertModel} (the encoder, with absolute, {@code
 * relative_key} or {@code relative_key_query} positions) and {@link
 * io.github.qa4j.models.bert.BertFamily}, which puts a question-answering head on it.
 */
package io.github.qa4j.models.bert;
