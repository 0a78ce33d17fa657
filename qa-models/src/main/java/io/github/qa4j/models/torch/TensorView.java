package io.github.qa4j.models.torch;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a strided view into a storage.
 *
 * @param storage the storage it reads
 * @param offset index of the first element in the storage, in elements
 * @param shape its dimensions
 * @param stride the storage step of each dimension, in elements
 */
record TensorView(StorageRef storage, long offset, long[] shape, long[] stride) {}
