/** Optimization with the Hugging Face Trainer's semantics: AdamW and the linear warmup schedule. */
package io.github.qa4j.core.train.optim;
