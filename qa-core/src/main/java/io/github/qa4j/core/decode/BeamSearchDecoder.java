package io.github.qa4j.core.decode;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the outputs of an answerability head with beam search (XLNet's {@code SQuADHead}: top
 * starts, top ends per start, a CLS logit) into answers, as Hugging Face's {@code
 * postprocess_qa_predictions_with_beam_search} does, except for how starts and ends are paired.
 *
 * <p><b>Pairing.</b> The head computes the ends of each start candidate as a {@code [endNTop,
 * startNTop]} matrix and flattens it, so the {@code j}-th end of the {@code i}-th start is element
 * {@code j * startNTop + i} (see {@link BeamLogits}). {@code utils_qa.py} reads element {@code i *
 * endNTop + j}, which for {@code i > 0} or {@code j > 0} is in general an end computed for another
 * start, with that other start's score: it combines a start with an end the model never scored for
 * it. This decoder pairs them as the head computed them.
 *
 * <p>Otherwise as {@code utils_qa.py}: in every window each pair is a candidate when both tokens
 * are context tokens inside the window, the end is not before the start, the span is at most {@code
 * maxAnswerLength} tokens and (with {@link DecodingOptions#requireMaxContext()}) the start has its
 * maximum context there; its score is the float32 sum of the two scores. Candidates are sorted by
 * score (equal scores in the order found) and cut to {@code nBestSize}; without any, a placeholder
 * {@code ""} with scores {@code -1e-6} stands in. Probabilities are the softmax of the scores; the
 * pipeline score of a span ({@link NBestEntry#pipelineScore()}) is the product of the head's start
 * and end probabilities, the head's own softmaxes over the window. The answer is the first entry:
 * this head's decoding never answers "no answer" by itself; for SQuAD v2 its null odds are the
 * minimum CLS logit over the windows, for the evaluator's threshold.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BeamSearchDecoder {

  private static final float PLACEHOLDER_SCORE = -1e-6f;

  private final DecodingOptions options;
  private final int nBestSize;
  private final int maxAnswerLength;
  private final boolean allowNoAnswer;
  private final boolean requireMaxContext;

  /**
   * A decoder with these options ({@link DecodingOptions#DEFAULTS} are {@code
   * run_qa_beam_search.py}'s); the null threshold is the evaluator's and is not applied here.
   */
  public BeamSearchDecoder(DecodingOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.nBestSize = options.nBestSize();
    this.maxAnswerLength = options.maxAnswerLength();
    this.allowNoAnswer = options.allowNoAnswer();
    this.requireMaxContext = options.requireMaxContext();
  }

  /**
   * Decodes one question.
   *
   * @param example the question and its context
   * @param windows all windows cut from the example, in order
   * @param outputs each window's head outputs, in the same order
   * @throws IllegalArgumentException when the windows are not the example's, there are none, a
   *     score is NaN or a window's offsets do not fit the context
   */
  public Prediction decode(QaExample example, List<QaFeature> windows, List<BeamLogits> outputs) {
    Windows.check(example, windows, outputs);
    boolean[][] maxContext = requireMaxContext ? MaxContext.of(windows) : null;
    Ranking ranking = new Ranking(nBestSize);
    float minCls = Float.POSITIVE_INFINITY;
    for (int w = 0; w < windows.size(); w++) {
      QaFeature window = windows.get(w);
      BeamLogits out = outputs.get(w);
      Windows.requireNoNaN(out.startTopProbs(), "start top probability", example, w);
      Windows.requireNoNaN(out.endTopProbs(), "end top probability", example, w);
      if (Float.isNaN(out.clsLogit())) {
        throw new IllegalArgumentException(
            "example '" + example.id() + "' window " + w + ": CLS logit is NaN");
      }
      minCls = Math.min(minCls, out.clsLogit());
      boolean[] windowMaxContext = maxContext == null ? null : maxContext[w];
      int startNTop = out.startNTop();
      int endNTop = out.endNTop();
      for (int i = 0; i < startNTop; i++) {
        int s = out.startTopIndex()[i];
        for (int j = 0; j < endNTop; j++) {
          int k = j * startNTop + i;
          int e = out.endTopIndex()[k];
          float startScore = out.startTopProbs()[i];
          float endScore = out.endTopProbs()[k];
          if (s >= 0
              && e >= 0
              && Windows.isCandidate(window, s, e, maxAnswerLength, windowMaxContext)
              && ranking.admits(startScore + endScore)) {
            ranking.offer(
                Candidate.span(
                    startScore,
                    endScore,
                    window.offsetStart()[s],
                    window.offsetEnd()[e],
                    (double) startScore * endScore));
          }
        }
      }
    }
    List<Candidate> best = ranking.best();
    List<String> texts = new ArrayList<>(best.size() + 1);
    for (Candidate c : best) {
      texts.add(NBestLists.text(example, c));
    }
    if (best.isEmpty()) {
      best.add(Candidate.placeholder(PLACEHOLDER_SCORE));
      texts.add("");
    }
    List<NBestEntry> nBest = NBestLists.withProbabilities(best, texts);
    NBestEntry first = nBest.get(0);
    return new Prediction(
        example.id(),
        first.text(),
        first.startOffset(),
        first.endOffset(),
        nBest,
        allowNoAnswer ? minCls : null);
  }

  /**
   * Decodes many questions: windows in any order (each window's outputs at the same position), one
   * prediction per example, in the order of {@code examples}.
   *
   * @throws IllegalArgumentException when a window's example is not given, an example has no
   *     window, an example id repeats, or as {@link #decode}
   */
  public List<Prediction> decodeAll(
      List<QaExample> examples, List<QaFeature> windows, List<BeamLogits> outputs) {
    return Windows.decodeAll(examples, windows, outputs, this::decode);
  }

  /** The options this decoder applies. */
  public DecodingOptions options() {
    return options;
  }
}
