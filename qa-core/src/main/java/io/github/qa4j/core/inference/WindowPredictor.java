package io.github.qa4j.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.BeamLogits;
import io.github.qa4j.core.decode.BeamSearchDecoder;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.decode.SpanDecoder;
import io.github.qa4j.core.decode.SpanLogits;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.io.ExitGuard;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;

/**
 * The one path from questions to answers, shared by training-time evaluation and {@link
 * QuestionAnswerer}: cut windows, run the model over batches of windows (of many questions at
 * once), decode each question's windows.
 *
 * <p>Thread-safe when the model is only read: every call uses its own tensors and parameter store.
 */
public final class WindowPredictor {

  private final QaModel model;
  private final Featurizer featurizer;
  private final Decoder decoder;
  private final int batchSize;

  /**
   * Creates a predictor.
   *
   * @param model the model, in evaluation use
   * @param featurizer cuts windows in the model's layout
   * @param decoding how spans are decoded
   * @param batchSize windows per forward pass
   */
  public WindowPredictor(
      QaModel model, Featurizer featurizer, DecodingOptions decoding, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
    }
    this.model = model;
    this.featurizer = featurizer;
    this.decoder = decoderFor(model.headType(), decoding);
    this.batchSize = batchSize;
  }

  /** The featurizer in use. */
  public Featurizer featurizer() {
    return featurizer;
  }

  /**
   * Predicts an answer for each example, in order. Example ids must be unique.
   *
   * @param progress called with (windows done, windows in all) after each batch; may be null
   */
  @SuppressWarnings("try") // each batch holds an ExitGuard section, not used in the block
  public List<Prediction> predict(List<QaExample> examples, LongBinaryOperator progress) {
    List<List<QaFeature>> windows = new ArrayList<>(examples.size());
    List<QaFeature> flat = new ArrayList<>();
    featurizer.featurizeAll(
        examples,
        f -> {
          // Windows arrive in example order; every example has at least one.
          while (windows.isEmpty()
              || !examples.get(windows.size() - 1).id().equals(f.exampleId())) {
            windows.add(new ArrayList<>());
          }
          windows.get(windows.size() - 1).add(f);
          flat.add(f);
        });
    if (windows.size() != examples.size()) {
      throw new IllegalStateException(
          "windows of " + windows.size() + " examples for " + examples.size() + " examples");
    }
    List<Object> outputs = new ArrayList<>(flat.size());
    NDManager base = model.namedParameters().values().iterator().next().getArray().getManager();
    for (int from = 0; from < flat.size(); from += batchSize) {
      List<QaFeature> chunk = flat.subList(from, Math.min(flat.size(), from + batchSize));
      try (ExitGuard.Section section = ExitGuard.section();
          NDManager scope = base.newSubManager()) {
        QaBatch batch = QaBatch.of(scope, chunk, false);
        outputs.addAll(
            toHost(model.predict(new ParameterStore(scope, false), batch), chunk.size()));
      }
      if (progress != null) {
        progress.applyAsLong(from + chunk.size(), flat.size());
      }
    }
    List<Prediction> predictions = new ArrayList<>(examples.size());
    int next = 0;
    for (int i = 0; i < examples.size(); i++) {
      int n = windows.get(i).size();
      predictions.add(
          decoder.decode(examples.get(i), windows.get(i), outputs.subList(next, next + n)));
      next += n;
    }
    return predictions;
  }

  /** Decodes one example's windows from the host outputs of its head. */
  @FunctionalInterface
  private interface Decoder {
    Prediction decode(QaExample example, List<QaFeature> windows, List<Object> outputs);
  }

  @SuppressWarnings("unchecked")
  private static Decoder decoderFor(HeadType head, DecodingOptions decoding) {
    if (head == HeadType.SPAN) {
      SpanDecoder span =
          SpanDecoder.builder()
              .nBestSize(decoding.nBestSize())
              .maxAnswerLength(decoding.maxAnswerLength())
              .versionTwoWithNegative(decoding.versionTwoWithNegative())
              .nullScoreDiffThreshold((float) decoding.nullScoreDiffThreshold())
              .requireMaxContext(decoding.requireMaxContext())
              .build();
      return (example, windows, outputs) ->
          span.decode(example, windows, (List<SpanLogits>) (List<?>) outputs);
    }
    BeamSearchDecoder beam =
        BeamSearchDecoder.builder()
            .nBestSize(decoding.nBestSize())
            .maxAnswerLength(decoding.maxAnswerLength())
            .versionTwoWithNegative(decoding.versionTwoWithNegative())
            .requireMaxContext(decoding.requireMaxContext())
            .build();
    return (example, windows, outputs) ->
        beam.decode(example, windows, (List<BeamLogits>) (List<?>) outputs);
  }

  private static List<Object> toHost(QaOutputs outputs, int rows) {
    List<Object> result = new ArrayList<>(rows);
    if (outputs instanceof QaOutputs.SpanLogits span) {
      float[][] start = rowsOf(span.startLogits(), rows);
      float[][] end = rowsOf(span.endLogits(), rows);
      for (int r = 0; r < rows; r++) {
        result.add(new SpanLogits(start[r], end[r]));
      }
    } else if (outputs instanceof QaOutputs.BeamSearch beam) {
      float[][] startLogProbs = rowsOf(beam.startTopLogProbs(), rows);
      int[][] startIndex = intRowsOf(beam.startTopIndex(), rows);
      float[][] endLogProbs = rowsOf(beam.endTopLogProbs(), rows);
      int[][] endIndex = intRowsOf(beam.endTopIndex(), rows);
      float[] cls = beam.clsLogits().toFloatArray();
      for (int r = 0; r < rows; r++) {
        result.add(
            new BeamLogits(startLogProbs[r], startIndex[r], endLogProbs[r], endIndex[r], cls[r]));
      }
    }
    return result;
  }

  private static float[][] rowsOf(NDArray array, int rows) {
    float[] flat = array.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    int width = flat.length / rows;
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
    }
    return out;
  }

  private static int[][] intRowsOf(NDArray array, int rows) {
    long[] flat = array.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
    int width = flat.length / rows;
    int[][] out = new int[rows][width];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < width; c++) {
        out[r][c] = Math.toIntExact(flat[r * width + c]);
      }
    }
    return out;
  }
}
