/**
 * XLNet as used for fine-tuning (content stream only, no memory, attention type "bi"), with
 * transformers' parameter names: {@link io.github.qa4j.models.xlnet.XlnetQaModel} and its {@link
 * io.github.qa4j.models.xlnet.XlnetModelProvider}.
 */
package io.github.qa4j.models.xlnet;
