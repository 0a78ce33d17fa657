package io.github.qa4j.core.decode;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the start/end logits of a question's windows into its answer, with the semantics of Hugging
 * Face's {@code postprocess_qa_predictions} ({@code utils_qa.py}), which {@code run_qa.py} uses.
 *
 * <ol>
 *   <li>In every window, each of the {@code nBestSize} highest start logits is paired with each of
 *       the {@code nBestSize} highest end logits (ties among equal logits: the later token first).
 *       A pair is a candidate when both tokens are context tokens inside the window, the end is not
 *       before the start and the span is at most {@code maxAnswerLength} tokens; with {@link
 *       DecodingOptions#requireMaxContext()}, also when the start token has its maximum context in
 *       that window. Its score is the float32 sum of the two logits.
 *   <li>The null score is the minimum over the windows of {@code start[CLS] + end[CLS]}. ({@code
 *       utils_qa.py} reads position 0, which is the CLS token of BERT-style windows; this decoder
 *       reads each window's {@link QaFeature#clsIndex()}, so XLNet-style windows work too.)
 *   <li>The candidates (and, for SQuAD v2, the null answer after them) are sorted by score, equal
 *       scores in the order they were found, and cut to {@code nBestSize}; for SQuAD v2 the null
 *       answer is appended again if the cut removed it.
 *   <li>When no candidate is left, or only the null answer, the placeholder {@code "empty"} with
 *       logits 0 goes first. Probabilities are the softmax of the scores over the list.
 *   <li>Each entry also gets the probability that transformers' {@code question-answering} pipeline
 *       gives it ({@link NBestEntry#pipelineScore()}), computed as the pipeline's {@code
 *       postprocess} does: in each window, a softmax of the start logits and one of the end logits
 *       over the window's context tokens and its CLS token (the pipeline sets every other logit,
 *       question, special and padding tokens, to -10000, which leaves the same sums); a span's
 *       probability is its start probability times its end probability; the null answer's is the
 *       smallest over the windows of that product at the CLS token ({@code
 *       handle_impossible_answer}). Two differences: the pipeline reads the null answer at position
 *       0, which is the CLS token only of question-first layouts (for XLNet-style windows it reads
 *       a padding or context token; this decoder reads each window's CLS index); and the pipeline
 *       searches every pair of tokens and widens a span to whole words, while the spans here are
 *       the candidates above, with the tokens' own offsets (the pipeline's {@code
 *       align_to_words=False}). On the same spans the probabilities agree.
 *   <li>SQuAD v1: the answer is the first entry. SQuAD v2: with the best entry that has text,
 *       {@code nullOdds = null score - its start logit - its end logit} (float32), and the answer
 *       is {@code ""} when {@code nullOdds > nullScoreDiffThreshold}, else that entry's text.
 * </ol>
 *
 * <p>Instances are immutable and thread-safe. Logits are only read.
 */
public final class SpanDecoder {

  private static final String PLACEHOLDER = "empty";

  private final DecodingOptions options;
  private final int nBestSize;
  private final int maxAnswerLength;
  private final boolean allowNoAnswer;
  private final float nullScoreDiffThreshold;
  private final boolean requireMaxContext;

  /** A decoder with these options ({@link DecodingOptions#DEFAULTS} are {@code run_qa.py}'s). */
  public SpanDecoder(DecodingOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.nBestSize = options.nBestSize();
    this.maxAnswerLength = options.maxAnswerLength();
    this.allowNoAnswer = options.allowNoAnswer();
    this.nullScoreDiffThreshold = options.nullScoreDiffThreshold();
    this.requireMaxContext = options.requireMaxContext();
  }

  /**
   * Decodes one question.
   *
   * @param example the question and its context
   * @param windows all windows cut from the example, in order
   * @param logits each window's logits, in the same order
   * @throws IllegalArgumentException when the windows are not the example's, there are none, a
   *     logit is NaN or a window's offsets do not fit the context
   */
  public Prediction decode(QaExample example, List<QaFeature> windows, List<SpanLogits> logits) {
    Windows.check(example, windows, logits);
    boolean[][] maxContext = requireMaxContext ? MaxContext.of(windows) : null;
    Ranking ranking = new Ranking(nBestSize);
    Candidate minNull = null;
    double minNullProbability = 1;
    int[] starts = new int[nBestSize];
    int[] ends = new int[nBestSize];
    for (int w = 0; w < windows.size(); w++) {
      QaFeature window = windows.get(w);
      float[] start = logits.get(w).start();
      float[] end = logits.get(w).end();
      Windows.requireNoNaN(start, "start logit", example, w);
      Windows.requireNoNaN(end, "end logit", example, w);
      int cls = window.clsIndex();
      if (cls < 0 || cls >= start.length) {
        throw new IllegalArgumentException(
            "example '"
                + example.id()
                + "' window "
                + w
                + ": CLS index "
                + cls
                + " outside its "
                + start.length
                + " logits");
      }
      double startNorm = PipelineScores.logNormalizer(window, start);
      double endNorm = PipelineScores.logNormalizer(window, end);
      double windowNullProbability =
          PipelineScores.probability(start[cls], startNorm, end[cls], endNorm);
      minNullProbability = Math.min(minNullProbability, windowNullProbability);
      Candidate windowNull = Candidate.nullAnswer(start[cls], end[cls], windowNullProbability);
      if (minNull == null || minNull.score() > windowNull.score()) {
        minNull = windowNull;
      }
      int startCount = TopIndexes.select(start, nBestSize, starts);
      int endCount = TopIndexes.select(end, nBestSize, ends);
      boolean[] windowMaxContext = maxContext == null ? null : maxContext[w];
      for (int a = 0; a < startCount; a++) {
        int s = starts[a];
        for (int b = 0; b < endCount; b++) {
          int e = ends[b];
          if (Windows.isCandidate(window, s, e, maxAnswerLength, windowMaxContext)
              && ranking.admits(start[s] + end[e])) {
            ranking.offer(
                Candidate.span(
                    start[s],
                    end[e],
                    window.offsetStart()[s],
                    window.offsetEnd()[e],
                    PipelineScores.probability(start[s], startNorm, end[e], endNorm)));
          }
        }
      }
    }
    // utils_qa.py takes the window with the smallest null logit sum; the pipeline the smallest null
    // probability, which may be another window's.
    minNull = minNull.withPipelineScore(minNullProbability);
    if (allowNoAnswer) {
      ranking.offer(minNull);
    }
    List<Candidate> best = ranking.best();
    if (allowNoAnswer && best.stream().noneMatch(Candidate::looksNull)) {
      best.add(minNull);
    }
    List<String> texts = new ArrayList<>(best.size() + 1);
    for (Candidate c : best) {
      texts.add(NBestLists.text(example, c));
    }
    if (best.isEmpty() || (best.size() == 1 && texts.get(0).isEmpty())) {
      best.add(0, Candidate.placeholder(0f));
      texts.add(0, PLACEHOLDER);
    }
    List<NBestEntry> nBest = NBestLists.withProbabilities(best, texts);
    if (!allowNoAnswer) {
      NBestEntry first = nBest.get(0);
      return new Prediction(
          example.id(), first.text(), first.startOffset(), first.endOffset(), nBest, null);
    }
    NBestEntry answer = bestWithText(nBest, best);
    float nullOdds = minNull.score() - answer.startScore() - answer.endScore();
    if (nullOdds > nullScoreDiffThreshold) {
      return new Prediction(example.id(), "", -1, -1, nBest, nullOdds);
    }
    return new Prediction(
        example.id(), answer.text(), answer.startOffset(), answer.endOffset(), nBest, nullOdds);
  }

  /**
   * The first entry with text. {@code utils_qa.py} fails when there is none (the null answer and
   * empty spans only); then the first entry that is not the null answer stands in.
   */
  private static NBestEntry bestWithText(List<NBestEntry> nBest, List<Candidate> candidates) {
    for (NBestEntry entry : nBest) {
      if (!entry.text().isEmpty()) {
        return entry;
      }
    }
    for (int i = 0; i < candidates.size(); i++) {
      if (!candidates.get(i).isNull()) {
        return nBest.get(i);
      }
    }
    throw new IllegalStateException("an n-best list always holds a span or the placeholder");
  }

  /**
   * Decodes many questions: windows in any order (each window's logits at the same position), one
   * prediction per example, in the order of {@code examples}.
   *
   * @throws IllegalArgumentException when a window's example is not given, an example has no
   *     window, an example id repeats, or as {@link #decode}
   */
  public List<Prediction> decodeAll(
      List<QaExample> examples, List<QaFeature> windows, List<SpanLogits> logits) {
    return Windows.decodeAll(examples, windows, logits, this::decode);
  }

  /** The options this decoder applies. */
  public DecodingOptions options() {
    return options;
  }
}
