package io.github.qa4j.examples.decode;

import ai.djl.ndarray.types.Shape;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The synthetic logits of {@code shared/README.md} (fixtures/postprocess): for window {@code f} and
 * token {@code t}, splitmix64 of {@code seed * 2^32 + f * 1024 + t} scaled to [-8, 8), seed 1 for
 * start logits and 2 for end logits.
 */
public final class SyntheticLogits {

  /** The seed of the start logits. */
  public static final long START_SEED = 1;

  /** The seed of the end logits. */
  public static final long END_SEED = 2;

  private SyntheticLogits() {}

  /** The logit of token {@code t} of window {@code f}. */
  public static float value(long seed, long f, long t) {
    long x = (seed << 32) + f * 1024 + t + 0x9E3779B97F4A7C15L;
    long z = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    long h = z ^ (z >>> 31);
    return (float) ((h >>> 40) / (double) (1L << 24) * 16 - 8);
  }

  /** A {@code [windows, length]} matrix of logits, row-major. */
  public static float[] matrix(long seed, int windows, int length) {
    float[] out = new float[windows * length];
    for (int f = 0; f < windows; f++) {
      for (int t = 0; t < length; t++) {
        out[f * length + t] = value(seed, f, t);
      }
    }
    return out;
  }

  /** Writes {@code start_logits} and {@code end_logits} for {@code windows} windows. */
  public static void write(Path file, int windows, int length) throws IOException {
    Shape shape = new Shape(windows, length);
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("start_logits", HostTensor.ofFloats(matrix(START_SEED, windows, length), shape));
    tensors.put("end_logits", HostTensor.ofFloats(matrix(END_SEED, windows, length), shape));
    Safetensors.write(file, tensors, Map.of());
  }
}
