/**
 * The model-family seam: {@link io.github.qa4j.models.family.EncoderFamily}, which every family
 * subclasses once, and {@link io.github.qa4j.models.family.EncoderQaModel}, the encoder-plus-head
 * model they all produce.
 */
package io.github.qa4j.models.family;
