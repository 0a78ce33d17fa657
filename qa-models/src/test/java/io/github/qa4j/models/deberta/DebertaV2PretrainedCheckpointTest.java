package io.github.qa4j.models.deberta;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.models.common.CheckpointFiles;
import io.github.qa4j.models.common.LoadPolicy;
import io.github.qa4j.models.common.LoadReport;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.heads.SpanHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint shaped like {@code microsoft/deberta-v3-base} (encoder under {@code deberta.}, the
 * pretraining heads, an unused absolute position table, no {@code qa_outputs}) loads into the
 * encoder plus a span head with {@link DebertaV2Model#IGNORED_CHECKPOINT_PREFIXES}.
 */
class DebertaV2PretrainedCheckpointTest {

  @Test
  void pretrainingHeadsAreSkippedAndTheSpanHeadIsInitialized() throws IOException {
    Path dir = DebertaQaFixture.dir("deberta-v3-tiny");
    DebertaV2Config config = DebertaQaFixture.config(dir);
    Map<String, HostTensor> checkpoint = new LinkedHashMap<>(CheckpointFiles.read(dir));
    checkpoint.keySet().removeIf(name -> name.startsWith("qa_outputs."));
    HostTensor small = HostTensor.ofFloats(new float[] {1, 2}, new Shape(2));
    checkpoint.put("lm_predictions.lm_head.bias", small);
    checkpoint.put("mask_predictions.classifier.bias", small);
    checkpoint.put("deberta.embeddings.position_embeddings.weight", small);

    Map<String, Parameter> parameters =
        new LinkedHashMap<>(new DebertaV2Model(config).namedParameters(DebertaV2Model.BASE_PREFIX));
    parameters.putAll(new SpanHead(config.hiddenSize()).namedParameters());
    LoadPolicy policy =
        new LoadPolicy(
            List.of("qa_outputs."),
            DebertaV2Model.IGNORED_CHECKPOINT_PREFIXES,
            DebertaV2Model.BASE_PREFIX);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      LoadReport report =
          ModelWeights.load(
              parameters,
              checkpoint,
              dir.toString(),
              policy,
              DebertaV2Model.initializer(config),
              3,
              manager);

      assertThat(report.initialized()).containsExactly("qa_outputs.weight", "qa_outputs.bias");
      assertThat(report.ignored())
          .containsExactlyInAnyOrder(
              "lm_predictions.lm_head.bias",
              "mask_predictions.classifier.bias",
              "deberta.embeddings.position_embeddings.weight");
      assertThat(report.loaded()).hasSize(parameters.size() - 2);
    }
  }
}
