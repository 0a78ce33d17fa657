package io.github.qa4j.core.model;

import java.util.Locale;

/**
 * The arithmetic of a model's matrix products at inference. Softmax, layer normalization, residual
 * connections and the model's outputs stay float32 in every mode.
 */
public enum Precision {
  /** Everything in float32, as the checkpoint is. */
  FLOAT32("fp32"),
  /**
   * Weights cast to bfloat16 once; linear layers in bfloat16 with float32 accumulation and float32
   * results, attention products in float32. Needs a CPU with AVX512-BF16 or AMX (or a fallback).
   */
  BF16("bf16"),
  /**
   * Dynamic quantization: every linear layer's weight quantized per output channel to int8 once,
   * its input quantized per batch on the fly; attention products in float32.
   */
  INT8("int8");

  private final String flag;

  Precision(String flag) {
    this.flag = flag;
  }

  /** The command-line spelling: {@code fp32}, {@code bf16} or {@code int8}. */
  public String flag() {
    return flag;
  }

  /**
   * Parses {@code fp32}, {@code bf16}, {@code int8} or an enum name, in any case ({@code float32}
   * and {@code bfloat16} too).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Precision parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "fp32", "float32" -> FLOAT32;
      case "bf16", "bfloat16" -> BF16;
      case "int8" -> INT8;
      default ->
          throw new IllegalArgumentException(
              "Unknown precision '" + text + "': expected fp32, bf16 or int8");
    };
  }
}
