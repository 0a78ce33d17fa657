package io.github.qa4j.models.xlnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.models.common.NamedBlock;
import io.github.qa4j.models.heads.BeamSearchHead;
import io.github.qa4j.models.heads.QaHead;

/**
 * XLNet with a question-answering head as one block: the encoder under {@code transformer.} and the
 * head's parameters at the top level, as in transformers' {@code XLNetForQuestionAnswering}.
 *
 * <p>Forward input {@code [input_ids, token_type_ids, attention_mask, ...]}: the encoder takes the
 * first three, the head the hidden state followed by the rest (for the beam-search head {@code
 * p_mask}, {@code cls_index} and, for training logits, {@code start_positions}).
 */
public final class XlnetQaNetwork extends NamedBlock {

  private final XlnetEncoder encoder;
  private final QaHead head;

  /**
   * Creates the network.
   *
   * @throws UnsupportedOperationException for a head XLNet does not offer
   */
  public XlnetQaNetwork(XlnetConfig config, HeadType headType) {
    this.encoder = child("transformer", new XlnetEncoder(config));
    this.head = child("", head(config, headType));
  }

  private static QaHead head(XlnetConfig config, HeadType headType) {
    return switch (headType) {
      case BEAM_SEARCH ->
          BeamSearchHead.builder()
              .hiddenSize(config.dModel())
              .layerNormEps(config.layerNormEps())
              .startNTop(config.startNTop())
              .endNTop(config.endNTop())
              .build();
      case SPAN ->
          throw new UnsupportedOperationException(
              "XLNet has no span head yet (HeadType.SPAN); use HeadType.BEAM_SEARCH");
    };
  }

  /** The encoder. */
  public XlnetEncoder encoder() {
    return encoder;
  }

  /** The head. */
  public QaHead head() {
    return head;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray hidden = encoder.apply(store, inputs.get(0), inputs.get(1), inputs.get(2), training);
    NDList headInputs = new NDList(hidden);
    headInputs.addAll(inputs.subNDList(3));
    return head.forward(store, headInputs, training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] headShapes = new Shape[inputShapes.length - 2];
    headShapes[0] = encoder.getOutputShapes(inputShapes)[0];
    System.arraycopy(inputShapes, 3, headShapes, 1, inputShapes.length - 3);
    return head.getOutputShapes(headShapes);
  }
}
