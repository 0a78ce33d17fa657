/**
 * XLNet as used for fine-tuning (content stream only, no memory, attention type "bi"), with
 * transformers' parameter names: {@link io.github.qa4j.models.xlnet.XlnetEncoder} and {@link
 * io.github.qa4j.models.xlnet.XlnetFamily}, which puts a question-answering head on it.
 */
package io.github.qa4j.models.xlnet;
