/**
 * The model SPI: {@link io.github.qa4j.core.model.QaModel}, the families that provide models, and
 * the tensors that flow between featurizer, model and decoder.
 */
package io.github.qa4j.core.model;
