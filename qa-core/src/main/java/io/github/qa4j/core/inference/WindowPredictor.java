package io.github.qa4j.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.decode.BeamLogits;
import io.github.qa4j.core.decode.BeamSearchDecoder;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.decode.Prediction;
import io.github.qa4j.core.decode.SpanDecoder;
import io.github.qa4j.core.decode.SpanLogits;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.io.ExitGuard;
import io.github.qa4j.core.model.Columns;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaBatch;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaOutputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The one path from questions to answers, shared by training-time evaluation and {@link
 * QuestionAnswerer}: cut windows, run the model over batches of windows (of many questions at
 * once), decode each question's windows.
 *
 * <p>With dynamic padding (the default), windows are sorted by length and each batch is cut to the
 * columns its windows attend to, rounded up to a multiple of {@value #PAD_MULTIPLE} ({@link
 * Columns#spanning}). Every real token gets the hidden state it gets in a batch padded to the full
 * window length, since no token attends to padding, up to float rounding: a fused attention kernel
 * sums over the batch's length, so scores can differ by about 1e-7 relative between batchings. A
 * span head's scores at each window's padding are set to {@code -Infinity}, so no answer depends on
 * which windows share a batch. The beam-search head masks padding itself, so it answers exactly as
 * with full padding; the span head does too unless a padding position would have ranked among a
 * window's {@code nBestSize} best start or end logits (as {@code utils_qa.py} ranks every
 * position), which a fine-tuned model does not do. With {@code padToMaxLength}, every batch has the
 * full window length and every position is ranked, as {@code run_qa.py}'s {@code
 * --pad_to_max_length} does.
 *
 * <p>Thread-safe when the model is only read: every call uses its own tensors and parameter store.
 */
public final class WindowPredictor {

  private final QaModel model;
  private final Featurizer featurizer;
  private final DecodingOptions decoding;
  private final Decoder decoder;
  private final int batchSize;
  private final boolean padToMaxLength;

  /** Dynamic padding rounds a batch's length up to a multiple of this. */
  public static final int PAD_MULTIPLE = 8;

  /**
   * Creates a predictor.
   *
   * @param model the model, in evaluation use
   * @param featurizer cuts windows in the model's layout
   * @param decoding how spans are decoded
   * @param batchSize windows per forward pass
   * @param padToMaxLength whether batches keep the full window length instead of dynamic padding
   */
  public WindowPredictor(
      QaModel model,
      Featurizer featurizer,
      DecodingOptions decoding,
      int batchSize,
      boolean padToMaxLength) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
    }
    this.model = model;
    this.featurizer = featurizer;
    this.decoding = decoding;
    this.decoder = decoderFor(model.headType(), decoding);
    this.batchSize = batchSize;
    this.padToMaxLength = padToMaxLength;
  }

  /** The featurizer in use. */
  public Featurizer featurizer() {
    return featurizer;
  }

  /** The decoding options in use. */
  public DecodingOptions decoding() {
    return decoding;
  }

  /**
   * Predicts an answer for each example, in order. Example ids must be unique.
   *
   * @param progress hears about each forward pass and may stop the call
   * @throws CancellationException when {@code progress} asks to stop
   */
  public List<Prediction> predict(List<QaExample> examples, PredictionProgress progress) {
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
    List<Object> outputs = forward(flat, progress);
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

  /** The head's host outputs for every window, in the order of {@code flat}. */
  @SuppressWarnings("try") // each batch holds an ExitGuard section, not used in the block
  private List<Object> forward(List<QaFeature> flat, PredictionProgress progress) {
    Integer[] order = new Integer[flat.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (!padToMaxLength) {
      // Windows of similar length share batches, so little padding is left in any of them.
      Arrays.sort(order, Comparator.comparingInt(i -> flat.get(i).attendedLength()));
    }
    Object[] outputs = new Object[flat.size()];
    for (int from = 0; from < order.length; from += batchSize) {
      if (progress.cancelled()) {
        throw new CancellationException("prediction cancelled after " + from + " windows");
      }
      int to = Math.min(order.length, from + batchSize);
      List<QaFeature> chunk = new ArrayList<>(to - from);
      for (int k = from; k < to; k++) {
        chunk.add(flat.get(order[k]));
      }
      int full = chunk.get(0).length();
      Columns columns = padToMaxLength ? Columns.all(full) : Columns.spanning(chunk, PAD_MULTIPLE);
      List<Object> host;
      try (ExitGuard.Section section = ExitGuard.section();
          NDManager scope = model.manager().newSubManager()) {
        QaBatch batch = QaBatch.of(scope, chunk, false, columns);
        host = toHost(model.predict(new ParameterStore(scope, false), batch), chunk.size());
      }
      for (int k = from; k < to; k++) {
        Object output = host.get(k - from);
        outputs[order[k]] = padToMaxLength ? output : widen(output, columns, chunk.get(k - from));
      }
      progress.windowsDone(to, flat.size());
    }
    return Arrays.asList(outputs);
  }

  /**
   * Puts outputs computed on {@code columns} back at window positions. A span head's scores at the
   * window's own padding are set to {@code -Infinity}, so that no answer depends on which windows
   * shared the batch.
   */
  private static Object widen(Object output, Columns columns, QaFeature window) {
    if (output instanceof SpanLogits span) {
      return new SpanLogits(
          widen(span.start(), columns, window), widen(span.end(), columns, window));
    }
    if (columns.length() == window.length()) {
      return output;
    }
    BeamLogits beam = (BeamLogits) output;
    return new BeamLogits(
        beam.startTopProbs(),
        shift(beam.startTopIndex(), columns.from()),
        beam.endTopProbs(),
        shift(beam.endTopIndex(), columns.from()),
        beam.clsLogit());
  }

  private static float[] widen(float[] values, Columns columns, QaFeature window) {
    float[] out = new float[window.length()];
    Arrays.fill(out, Float.NEGATIVE_INFINITY);
    int[] attended = window.attentionMask();
    for (int t = 0; t < values.length; t++) {
      int p = columns.from() + t;
      if (attended[p] != 0) {
        out[p] = values[t];
      }
    }
    return out;
  }

  private static int[] shift(int[] indexes, int by) {
    int[] out = new int[indexes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = indexes[i] + by;
    }
    return out;
  }

  /** Decodes one example's windows from the host outputs of its head. */
  @FunctionalInterface
  private interface Decoder {
    Prediction decode(QaExample example, List<QaFeature> windows, List<Object> outputs);
  }

  @SuppressWarnings("unchecked")
  private static Decoder decoderFor(HeadType head, DecodingOptions decoding) {
    return switch (head) {
      case SPAN -> {
        SpanDecoder span = new SpanDecoder(decoding);
        yield (example, windows, outputs) ->
            span.decode(example, windows, (List<SpanLogits>) (List<?>) outputs);
      }
      case BEAM_SEARCH -> {
        BeamSearchDecoder beam = new BeamSearchDecoder(decoding);
        yield (example, windows, outputs) ->
            beam.decode(example, windows, (List<BeamLogits>) (List<?>) outputs);
      }
    };
  }

  private static List<Object> toHost(QaOutputs outputs, int rows) {
    List<Object> result = new ArrayList<>(rows);
    if (outputs instanceof QaOutputs.Span span) {
      float[][] start = rowsOf(span.startLogits(), rows);
      float[][] end = rowsOf(span.endLogits(), rows);
      for (int r = 0; r < rows; r++) {
        result.add(new SpanLogits(start[r], end[r]));
      }
    } else if (outputs instanceof QaOutputs.BeamSearch beam) {
      float[][] startProbs = rowsOf(beam.startTopProbs(), rows);
      int[][] startIndex = intRowsOf(beam.startTopIndex(), rows);
      float[][] endProbs = rowsOf(beam.endTopProbs(), rows);
      int[][] endIndex = intRowsOf(beam.endTopIndex(), rows);
      float[] cls = beam.clsLogits().toFloatArray();
      for (int r = 0; r < rows; r++) {
        result.add(new BeamLogits(startProbs[r], startIndex[r], endProbs[r], endIndex[r], cls[r]));
      }
    }
    return result;
  }

  private static float[][] rowsOf(NDArray array, int rows) {
    float[] flat = array.toType(DataType.FLOAT32, false).toFloatArray();
    int width = flat.length / rows;
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
    }
    return out;
  }

  private static int[][] intRowsOf(NDArray array, int rows) {
    long[] flat = array.toType(DataType.INT64, false).toLongArray();
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
