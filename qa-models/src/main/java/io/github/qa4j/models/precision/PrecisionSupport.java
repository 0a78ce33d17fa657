package io.github.qa4j.models.precision;

import io.github.qa4j.core.model.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the CPU can run fast, from the feature flags the operating system reports: bfloat16 products
 * need AVX512-BF16 or AMX on x86-64 ({@code bf16} on ARM), INT8 runs oneDNN's x86-64 int8 products
 * and needs AVX2 (faster with AVX512-VNNI or AMX). Where the flags cannot be read (not Linux), no
 * low-precision support is assumed: the caller must ask for a fallback or live with the error.
 *
 * @param architecture {@code os.arch}, for example {@code amd64} or {@code aarch64}
 * @param cpuFlags the CPU's feature flags, lower case
 */
public record PrecisionSupport(String architecture, Set<String> cpuFlags) {

  /** Defensive copy. */
  public PrecisionSupport {
    cpuFlags = Set.copyOf(cpuFlags);
  }

  /** This machine, from {@code /proc/cpuinfo} (no flags where that file does not exist). */
  public static PrecisionSupport detect() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return new PrecisionSupport(arch, Set.of());
    }
    try {
      return new PrecisionSupport(arch, flags(Files.readAllLines(cpuinfo)));
    } catch (IOException e) {
      return new PrecisionSupport(arch, Set.of());
    }
  }

  /** The {@code flags} (x86) or {@code Features} (ARM) of the first processor listed. */
  static Set<String> flags(Iterable<String> cpuinfoLines) {
    for (String line : cpuinfoLines) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      if (key.equals("flags") || key.equals("Features")) {
        return Arrays.stream(line.substring(colon + 1).trim().split("\\s+"))
            .map(f -> f.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
      }
    }
    return Set.of();
  }

  private boolean arm() {
    return architecture.equals("aarch64") || architecture.equals("arm64");
  }

  /** Whether bfloat16 products run natively (not emulated, which is slower than float32). */
  public boolean bf16() {
    return arm()
        ? cpuFlags.contains("bf16")
        : cpuFlags.contains("avx512_bf16") || cpuFlags.contains("amx_bf16");
  }

  /** Whether oneDNN's int8 products run here (x86-64 with AVX2; not built for ARM in libtorch). */
  public boolean int8() {
    return !arm() && cpuFlags.contains("avx2");
  }

  /** Whether {@code precision} runs here. */
  public boolean supports(Precision precision) {
    return switch (precision) {
      case FLOAT32 -> true;
      case BF16 -> bf16();
      case INT8 -> int8();
    };
  }

  /** Why {@code precision} does not run here, for an error message. */
  String why(Precision precision) {
    boolean bf16 = precision == Precision.BF16;
    String need =
        bf16
            ? "a CPU with "
                + (arm() ? "the bf16 extension" : "AVX512-BF16 or AMX (avx512_bf16 / amx_bf16)")
            : "an x86-64 CPU with AVX2 (oneDNN's int8 products)";
    String here =
        !bf16 && arm()
            ? " is not x86-64"
            : cpuFlags.isEmpty() ? " reports no CPU flags" : " does not report them";
    return precision.flag()
        + " needs "
        + need
        + "; this "
        + (architecture.isEmpty() ? "machine" : architecture + " CPU")
        + here
        + ". Use fp32, or allow the fallback to fp32";
  }
}
