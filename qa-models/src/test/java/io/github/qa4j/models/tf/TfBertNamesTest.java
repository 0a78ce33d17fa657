package io.github.qa4j.models.tf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TfBertNamesTest {

  private static String hf(String tf) {
    return TfBertNames.map(tf).orElseThrow().name();
  }

  @Test
  void mapsEveryKindOfBertVariable() {
    assertThat(hf("module/bert/embeddings/word_embeddings"))
        .isEqualTo("bert.embeddings.word_embeddings.weight");
    assertThat(hf("bert/embeddings/LayerNorm/gamma")).isEqualTo("bert.embeddings.LayerNorm.weight");
    assertThat(hf("bert/embeddings/LayerNorm/beta")).isEqualTo("bert.embeddings.LayerNorm.bias");
    assertThat(hf("module/bert/encoder/layer_11/attention/self/value/kernel"))
        .isEqualTo("bert.encoder.layer.11.attention.self.value.weight");
    assertThat(hf("bert/encoder/layer_0/attention/output/LayerNorm/beta"))
        .isEqualTo("bert.encoder.layer.0.attention.output.LayerNorm.bias");
    assertThat(hf("bert/encoder/layer_3/intermediate/dense/bias"))
        .isEqualTo("bert.encoder.layer.3.intermediate.dense.bias");
    assertThat(hf("bert/encoder/layer_3/output/dense/kernel"))
        .isEqualTo("bert.encoder.layer.3.output.dense.weight");
    assertThat(hf("bert/pooler/dense/kernel")).isEqualTo("bert.pooler.dense.weight");
    assertThat(hf("module/cls/predictions/output_bias")).isEqualTo("cls.predictions.bias");
    assertThat(hf("cls/predictions/transform/LayerNorm/gamma"))
        .isEqualTo("cls.predictions.transform.LayerNorm.weight");
    assertThat(hf("cls/seq_relationship/output_weights")).isEqualTo("cls.seq_relationship.weight");
    assertThat(hf("cls/squad/output_bias")).isEqualTo("qa_outputs.bias");
  }

  @Test
  void onlyKernelsAreTransposed() {
    assertThat(TfBertNames.map("bert/pooler/dense/kernel").orElseThrow().transpose()).isTrue();
    assertThat(TfBertNames.map("bert/pooler/dense/bias").orElseThrow().transpose()).isFalse();
    assertThat(TfBertNames.map("cls/squad/output_weights").orElseThrow().transpose()).isFalse();
    assertThat(TfBertNames.map("bert/embeddings/word_embeddings").orElseThrow().transpose())
        .isFalse();
  }

  @Test
  void unknownAndTrainingStateNamesAreTold() {
    assertThat(TfBertNames.map("bert/encoder/layer_0/attention/self/rotary/kernel")).isEmpty();
    assertThat(TfBertNames.map("something/else")).isEmpty();
    assertThat(TfBertNames.isIgnored("global_step")).isTrue();
    assertThat(TfBertNames.isIgnored("bert/pooler/dense/kernel/adam_m")).isTrue();
    assertThat(TfBertNames.map("bert/pooler/dense/kernel/adam_m")).isEmpty();
    assertThat(TfBertNames.isIgnored("bert/pooler/dense/kernel")).isFalse();
  }
}
