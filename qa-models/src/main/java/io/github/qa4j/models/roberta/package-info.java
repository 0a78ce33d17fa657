/**
 * RoBERTa, and XLM-RoBERTa and CamemBERT, which share its architecture: BERT layers under
 * embeddings whose positions are counted from the padding id, without token types.
 */
package io.github.qa4j.models.roberta;
