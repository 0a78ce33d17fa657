/**
 * Machinery shared by every model family for Hugging Face checkpoints: blocks whose parameters
 * carry Hugging Face names, reading {@code config.json} fields with clear errors, loading {@code
 * model.safetensors} or {@code pytorch_model.bin} (single or sharded) into named parameters,
 * initializing what a checkpoint lacks as transformers does, and saving a model directory back.
 */
package io.github.qa4j.models.common;
