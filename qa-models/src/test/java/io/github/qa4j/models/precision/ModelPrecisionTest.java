package io.github.qa4j.models.precision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.qa4j.core.model.Precision;
import io.github.qa4j.models.family.EncoderQaModel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What happens on a machine that cannot run a precision, and how its flags are read. */
class ModelPrecisionTest {

  private static final PrecisionSupport OLD_X86 =
      new PrecisionSupport("amd64", Set.of("sse4_2", "avx", "avx2", "fma"));
  private static final PrecisionSupport NO_FLAGS = new PrecisionSupport("amd64", Set.of());

  @Test
  void bf16OnACpuWithoutItFailsNamingWhatIsMissing() throws Exception {
    try (EncoderQaModel model = PrecisionAgreementTest.load("bert-tiny-absolute")) {
      assertThatThrownBy(
              () -> ModelPrecision.apply(model.block(), Precision.BF16, false, OLD_X86, false))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("bf16 needs a CPU with AVX512-BF16 or AMX")
          .hasMessageContaining("allow the fallback");
    }
  }

  @Test
  void theFallbackRunsFloat32() throws Exception {
    try (EncoderQaModel model = PrecisionAgreementTest.load("bert-tiny-absolute")) {
      assertThat(ModelPrecision.apply(model.block(), Precision.BF16, true, OLD_X86, false))
          .isEqualTo(Precision.FLOAT32);
      assertThat(ModelPrecision.apply(model.block(), Precision.INT8, true, NO_FLAGS, false))
          .isEqualTo(Precision.FLOAT32);
      assertThat(ModelPrecision.apply(model.block(), Precision.INT8, false, OLD_X86, false))
          .isEqualTo(Precision.INT8);
    }
  }

  @Test
  void flagsComeFromTheFirstProcessorOfCpuinfo() {
    List<String> x86 =
        List.of("processor\t: 0", "flags\t\t: fpu avx2 AVX512_BF16 amx_tile", "", "flags : sse");
    assertThat(PrecisionSupport.flags(x86))
        .containsExactlyInAnyOrder("fpu", "avx2", "avx512_bf16", "amx_tile");
    assertThat(new PrecisionSupport("amd64", PrecisionSupport.flags(x86)).bf16()).isTrue();
    List<String> arm = List.of("processor : 0", "Features : fp asimd bf16 i8mm");
    PrecisionSupport graviton = new PrecisionSupport("aarch64", PrecisionSupport.flags(arm));
    assertThat(graviton.bf16()).isTrue();
    assertThat(graviton.int8()).isFalse();
    assertThat(graviton.why(Precision.INT8))
        .isEqualTo(
            "int8 needs an x86-64 CPU with AVX2 (oneDNN's int8 products); this aarch64 CPU is not"
                + " x86-64. Use fp32, or allow the fallback to fp32");
    assertThat(NO_FLAGS.supports(Precision.FLOAT32)).isTrue();
    assertThat(NO_FLAGS.supports(Precision.BF16)).isFalse();
  }

  @Test
  void precisionsParseFromTheirFlagsAndNames() {
    assertThat(Precision.parse("fp32")).isEqualTo(Precision.FLOAT32);
    assertThat(Precision.parse(" BF16")).isEqualTo(Precision.BF16);
    assertThat(Precision.parse("bfloat16")).isEqualTo(Precision.BF16);
    assertThat(Precision.parse("int8")).isEqualTo(Precision.INT8);
    assertThatThrownBy(() -> Precision.parse("fp16"))
        .hasMessage("Unknown precision 'fp16': expected fp32, bf16 or int8");
  }
}
