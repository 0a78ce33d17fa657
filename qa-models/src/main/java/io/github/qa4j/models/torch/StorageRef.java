package io.github.qa4j.models.torch;

import ai.djl.ndarray.types.DataType;

/**
 * A storage that a state dict's pickle refers to by persistent id: the archive entry {@code
 * data/<key>} holding {@code elements} values of {@code dataType}.
 *
 * @param key the entry's name under {@code data/}
 * @param dataType element type, from the storage class ({@code torch.FloatStorage}, ...)
 * @param elements number of elements the storage holds
 */
record StorageRef(String key, DataType dataType, long elements) {}
