/**
 * Question-answering heads that sit on an encoder's last hidden state: {@link
 * io.github.qa4j.models.heads.SpanHead} (independent start and end logits) and the base type {@link
 * io.github.qa4j.models.heads.QaHead} that every head implements, so a model family can take any
 * head.
 */
package io.github.qa4j.models.heads;
