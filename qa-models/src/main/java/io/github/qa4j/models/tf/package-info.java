/**
 * Google's TensorFlow BERT checkpoints: the tensor bundle reader ({@code variables.index}, an
 * SSTable of {@code BundleEntryProto}, and raw little-endian data shards), from a directory, a
 * checkpoint prefix or a Maven jar, and the conversion to a Hugging Face model directory.
 */
package io.github.qa4j.models.tf;
