package io.github.qa4j.models.deberta;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.google.gson.JsonObject;
import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.models.common.CheckpointFiles;
import io.github.qa4j.models.common.LoadPolicy;
import io.github.qa4j.models.common.ModelWeights;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.heads.SpanHead;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * transformers' {@code DebertaV2ForQuestionAnswering} for tests: the encoder under {@code deberta.}
 * and the span head's {@code qa_outputs} at the top, loaded strictly from a fixture.
 */
final class DebertaQaFixture extends NamedBlock implements AutoCloseable {

  final DebertaV2Model deberta;
  final SpanHead head;
  private final NDManager manager;

  private DebertaQaFixture(DebertaV2Config config, NDManager manager) {
    this.deberta = child("deberta", new DebertaV2Model(config));
    this.head = child("", new SpanHead(config.hiddenSize()));
    this.manager = manager;
  }

  /** A fixture folder under {@code src/test/resources/fixtures/deberta}. */
  static Path dir(String name) {
    try {
      return Path.of(
              DebertaQaFixture.class
                  .getResource("/fixtures/deberta/" + name + "/config.json")
                  .toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static DebertaV2Config config(Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    JsonObject json = QaModels.readConfig(file);
    return DebertaV2Config.from(json, file);
  }

  /** Every parameter from the folder's checkpoint; nothing may be missing or left over. */
  static DebertaQaFixture load(Path dir) throws IOException {
    DebertaV2Config config = config(dir);
    Map<String, HostTensor> checkpoint = CheckpointFiles.read(dir);
    NDManager manager = NDManager.newBaseManager(Device.cpu());
    DebertaQaFixture model = new DebertaQaFixture(config, manager);
    ModelWeights.load(
        model.namedParameters(),
        checkpoint,
        dir.toString(),
        LoadPolicy.strict(),
        DebertaV2Model.initializer(config),
        0,
        manager);
    return model;
  }

  NDArray sequenceOutput(
      ParameterStore store, NDArray ids, NDArray types, NDArray mask, boolean training) {
    return deberta.sequenceOutput(store, ids, types, mask, training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray hidden = sequenceOutput(store, inputs.get(0), inputs.get(1), inputs.get(2), training);
    return head.forward(store, new NDList(hidden), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape logits = new Shape(inputShapes[0].get(0), inputShapes[0].get(1));
    return new Shape[] {logits, logits};
  }

  @Override
  public void close() {
    manager.close();
  }
}
