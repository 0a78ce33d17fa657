/**
 * Reads PyTorch {@code torch.save} checkpoints ({@code pytorch_model.bin}) without executing them:
 * {@link io.github.qa4j.models.torch.TorchCheckpoint} opens the zip archive and {@code
 * StateDictUnpickler} understands only the few pickle opcodes and globals that a state dict of
 * tensors needs, refusing everything else by name.
 */
package io.github.qa4j.models.torch;
