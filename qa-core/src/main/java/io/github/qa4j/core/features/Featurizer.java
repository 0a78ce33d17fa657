package io.github.qa4j.core.features;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Cuts (question, context) pairs into overlapping, labeled model windows, as {@code run_qa.py}
 * (question first, {@link WindowLayout#questionFirst}) and {@code run_qa_beam_search.py} (XLNet:
 * context first, {@link WindowLayout#contextFirst}) prepare features with {@code max_seq_length}
 * and {@code doc_stride} ({@link WindowOptions}).
 *
 * <p>The question (left-stripped, as the scripts do) and the context are tokenized separately,
 * without truncation, and the windows are cut here: every context token lands in some window,
 * whatever the tokenizer version does with overflowing pairs. Windows and labels equal those of the
 * scripts with Hugging Face tokenizers up to 0.22, with two deliberate differences where the
 * scripts' label loops give an invalid span: when an answer starts in a window's last context
 * token, the scripts' start label runs past the context onto the special tokens (here it is that
 * last context token); and when the answer is exactly the span of a standalone SentencePiece {@code
 * ▁} token and the token after it (which share their offsets), the scripts put the end label one
 * token before the start label (here the end label equals the start label). Neither case occurs in
 * the BERT features of the SQuAD dev sets; the second occurs once per dev set with XLNet.
 *
 * <p>A question so long that the windows could not advance through the context (fewer than {@code
 * stride + 1} context tokens would fit beside it) is cut to half the room left by the special
 * tokens and the stride; such questions are counted in {@link #counts()}.
 *
 * <p>{@link #featurize(QaExample)} serves one example (inference, training loops); {@link
 * #featurizeAll(Iterable, Consumer)} streams a dataset: it tokenizes each distinct context once for
 * all its questions, in batches that the native tokenizer spreads over all cores. A featurizer is
 * thread-safe; close it to free a tokenizer it loaded itself.
 */
public final class Featurizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;
  private final boolean ownsTokenizer;
  private final int maxSeqLength;
  private final int stride;
  private final WindowLayout layout;
  private final int batchContexts;
  private final PairTemplate template;
  private final AtomicLong exampleCount = new AtomicLong();
  private final AtomicLong featureCount = new AtomicLong();
  private final AtomicLong truncatedCount = new AtomicLong();
  private final ConcurrentLinkedQueue<String> truncatedIds = new ConcurrentLinkedQueue<>();

  private Featurizer(Builder b, HuggingFaceTokenizer tokenizer, boolean owns) {
    this.tokenizer = tokenizer;
    this.ownsTokenizer = owns;
    this.maxSeqLength = b.windows.maxSeqLength();
    this.stride = b.windows.stride();
    this.layout = b.layout;
    this.batchContexts = b.batchContexts;
    this.template = PairTemplate.probe(tokenizer);
    int room = maxSeqLength - template.specialCount() - stride;
    if (room < 1) {
      throw new IllegalArgumentException(
          "maxSeqLength "
              + maxSeqLength
              + " leaves no room for context tokens beyond the stride "
              + stride
              + " and "
              + template.specialCount()
              + " special tokens");
    }
  }

  /**
   * A builder for a tokenizer loaded from a Hugging Face {@code tokenizer.json}; the featurizer
   * owns it and closes it.
   *
   * @param tokenizerJson the tokenizer file
   * @param layout the model family's layout ({@code QaModel#layout()} or {@code
   *     QaModels.layout(directory)})
   */
  public static Builder builder(Path tokenizerJson, WindowLayout layout) {
    return new Builder(null, Objects.requireNonNull(tokenizerJson, "tokenizerJson"), layout);
  }

  /**
   * A builder for a tokenizer the caller owns (and closes). It must neither truncate nor pad: build
   * it with {@code optTruncation(false)} and {@code optPadding(false)}.
   *
   * @param tokenizer the tokenizer
   * @param layout the model family's layout
   */
  public static Builder builder(HuggingFaceTokenizer tokenizer, WindowLayout layout) {
    return new Builder(Objects.requireNonNull(tokenizer, "tokenizer"), null, layout);
  }

  /** The window length and stride. */
  public WindowOptions windows() {
    return new WindowOptions(maxSeqLength, stride);
  }

  /** The window layout. */
  public WindowLayout layout() {
    return layout;
  }

  /** Counts over everything this featurizer has produced so far. */
  public FeaturizerCounts counts() {
    return new FeaturizerCounts(
        exampleCount.get(), featureCount.get(), truncatedCount.get(), List.copyOf(truncatedIds));
  }

  /** The windows of one example, in order. */
  public List<QaFeature> featurize(QaExample example) {
    String question = lstrip(example.question());
    Encoding[] encodings =
        tokenizer.batchEncode(new String[] {question, example.context()}, false, false);
    List<QaFeature> out = new ArrayList<>();
    Run run = new Run();
    windows(
        example,
        TokenizedText.of(question, encodings[0]),
        TokenizedText.of(example.context(), encodings[1]),
        out::add,
        run);
    run.addTo(this);
    return out;
  }

  /**
   * Streams the windows of many examples, in example order, to {@code sink}, on the calling thread.
   * Examples that share a context (equal strings; SQuAD lists a paragraph's questions together)
   * have it tokenized once per batch. While one batch is cut into windows and consumed, a helper
   * thread tokenizes the next; at most these two batches are held.
   *
   * @return the counts of this call
   */
  public FeaturizerCounts featurizeAll(
      Iterable<? extends QaExample> examples, Consumer<? super QaFeature> sink) {
    Run run = new Run();
    Batches batches = new Batches(examples.iterator(), batchContexts);
    ExecutorService tokenizing =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "qa4j-featurizer-tokenize");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<TokenizedBatch> pending = tokenizeLater(tokenizing, batches.next());
      while (pending != null) {
        TokenizedBatch current = await(pending);
        pending = tokenizeLater(tokenizing, batches.next());
        for (int e = 0; e < current.examples().size(); e++) {
          windows(
              current.examples().get(e),
              current.questions()[e],
              current.contexts()[current.contextOf()[e]],
              sink,
              run);
        }
      }
    } finally {
      tokenizing.shutdownNow();
    }
    run.addTo(this);
    return run.counts();
  }

  private Future<TokenizedBatch> tokenizeLater(ExecutorService executor, Batch batch) {
    return batch == null ? null : executor.submit(() -> tokenize(batch));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while tokenizing");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("tokenization failed", e.getCause());
    }
  }

  private TokenizedBatch tokenize(Batch batch) {
    int nContexts = batch.contexts().size();
    int nQuestions = batch.examples().size();
    String[] texts = new String[nContexts + nQuestions];
    for (int c = 0; c < nContexts; c++) {
      texts[c] = batch.contexts().get(c);
    }
    for (int e = 0; e < nQuestions; e++) {
      texts[nContexts + e] = lstrip(batch.examples().get(e).question());
    }
    // One native call for contexts and questions together: the tokenizer parallelizes a batch.
    Encoding[] encodings = tokenizer.batchEncode(texts, false, false);
    TokenizedText[] contexts = new TokenizedText[nContexts];
    for (int c = 0; c < nContexts; c++) {
      contexts[c] = TokenizedText.of(texts[c], encodings[c]);
    }
    TokenizedText[] questions = new TokenizedText[nQuestions];
    for (int e = 0; e < nQuestions; e++) {
      questions[e] = TokenizedText.of(texts[nContexts + e], encodings[nContexts + e]);
    }
    return new TokenizedBatch(batch.examples(), contexts, batch.contextOf(), questions);
  }

  /** Examples and their distinct contexts; {@code contextOf[i]} indexes example i's context. */
  private record Batch(List<QaExample> examples, List<String> contexts, int[] contextOf) {}

  private record TokenizedBatch(
      List<QaExample> examples,
      TokenizedText[] contexts,
      int[] contextOf,
      TokenizedText[] questions) {}

  /** Groups examples into batches of at most {@code maxContexts} distinct contexts. */
  private static final class Batches {
    private final Iterator<? extends QaExample> examples;
    private final int maxContexts;
    private QaExample carried;

    Batches(Iterator<? extends QaExample> examples, int maxContexts) {
      this.examples = examples;
      this.maxContexts = maxContexts;
    }

    /** The next batch, or null at the end. */
    Batch next() {
      List<QaExample> batch = new ArrayList<>();
      Map<String, Integer> contexts = new LinkedHashMap<>();
      List<Integer> contextOf = new ArrayList<>();
      while (carried != null || examples.hasNext()) {
        QaExample ex = carried != null ? carried : examples.next();
        carried = null;
        Integer index = contexts.get(ex.context());
        if (index == null) {
          if (contexts.size() == maxContexts) {
            carried = ex;
            break;
          }
          index = contexts.size();
          contexts.put(ex.context(), index);
        }
        batch.add(ex);
        contextOf.add(index);
      }
      if (batch.isEmpty()) {
        return null;
      }
      return new Batch(
          batch,
          new ArrayList<>(contexts.keySet()),
          contextOf.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  /** Cuts one example's windows. */
  private void windows(
      QaExample example,
      TokenizedText question,
      TokenizedText context,
      Consumer<? super QaFeature> sink,
      Run run) {
    int specials = template.specialCount();
    TokenizedText q = question;
    if (q.length() + context.length() + specials > maxSeqLength
        && maxSeqLength - specials - q.length() <= stride) {
      q = q.head((maxSeqLength - specials - stride) / 2);
      run.truncated(example.id());
    }
    int capacity = maxSeqLength - specials - q.length();
    run.examples++;
    for (int[] w : ContextWindows.cut(context.length(), capacity, stride)) {
      sink.accept(window(example, q, context, w[0], w[1]));
      run.features++;
    }
  }

  private QaFeature window(
      QaExample example, TokenizedText question, TokenizedText context, int from, int to) {
    int m = maxSeqLength;
    int[] ids = new int[m];
    int[] types = new int[m];
    int[] attention = new int[m];
    int[] offStart = new int[m];
    int[] offEnd = new int[m];
    int[] pMask = new int[m];
    Arrays.fill(offStart, -1);
    Arrays.fill(offEnd, -1);
    Arrays.fill(pMask, 1);
    int used = template.specialCount() + question.length() + (to - from);
    int pad = m - used;
    int base = layout.padLeft() ? pad : 0;
    int padFrom = layout.padLeft() ? 0 : used;
    Arrays.fill(ids, padFrom, padFrom + pad, layout.padTokenId());
    Arrays.fill(types, padFrom, padFrom + pad, layout.padTypeId());

    int p = base;
    p = specials(ids, types, p, template.prefixIds(), template.prefixTypes());
    int contextPos;
    if (layout.contextFirst()) {
      contextPos = p;
      p = context(ids, types, offStart, offEnd, pMask, p, context, from, to, template.firstType());
      p = specials(ids, types, p, template.middleIds(), template.middleTypes());
      p = question(ids, types, p, question, template.secondType());
    } else {
      p = question(ids, types, p, question, template.firstType());
      p = specials(ids, types, p, template.middleIds(), template.middleTypes());
      contextPos = p;
      p = context(ids, types, offStart, offEnd, pMask, p, context, from, to, template.secondType());
    }
    p = specials(ids, types, p, template.suffixIds(), template.suffixTypes());
    Arrays.fill(attention, base, p, 1);
    int cls = template.prefixIds().length > 0 ? base : p - 1;
    pMask[cls] = 0;

    int startLabel = cls;
    int endLabel = cls;
    if (!example.impossible() && !example.answers().isEmpty() && to > from) {
      Answer answer = example.answers().get(0);
      int first = contextPos;
      int last = contextPos + (to - from) - 1;
      // run_qa.py labels a window only when the answer lies wholly inside its context tokens.
      if (offStart[first] <= answer.start() && offEnd[last] >= answer.end()) {
        int s = first;
        while (s <= last && offStart[s] <= answer.start()) {
          s++;
        }
        int e = last;
        while (e >= first && offEnd[e] >= answer.end()) {
          e--;
        }
        startLabel = s - 1;
        // A standalone SentencePiece "▁" shares its span with the next token; when the answer
        // is that span, the scripts' loops put the end label before the start label.
        endLabel = Math.max(e + 1, startLabel);
      }
    }
    boolean impossible = startLabel == cls && endLabel == cls;
    return new QaFeature(
        example.id(),
        ids,
        types,
        attention,
        offStart,
        offEnd,
        cls,
        startLabel,
        endLabel,
        impossible,
        pMask);
  }

  private static int specials(int[] ids, int[] types, int p, int[] specialIds, int[] specialTypes) {
    System.arraycopy(specialIds, 0, ids, p, specialIds.length);
    System.arraycopy(specialTypes, 0, types, p, specialTypes.length);
    return p + specialIds.length;
  }

  private static int question(int[] ids, int[] types, int p, TokenizedText question, int type) {
    System.arraycopy(question.ids(), 0, ids, p, question.length());
    Arrays.fill(types, p, p + question.length(), type);
    return p + question.length();
  }

  private static int context(
      int[] ids,
      int[] types,
      int[] offStart,
      int[] offEnd,
      int[] pMask,
      int p,
      TokenizedText context,
      int from,
      int to,
      int type) {
    int n = to - from;
    System.arraycopy(context.ids(), from, ids, p, n);
    System.arraycopy(context.start(), from, offStart, p, n);
    System.arraycopy(context.end(), from, offEnd, p, n);
    Arrays.fill(types, p, p + n, type);
    Arrays.fill(pMask, p, p + n, 0);
    return p + n;
  }

  /** Python's {@code str.lstrip()}: drops leading characters that Python counts as whitespace. */
  static String lstrip(String s) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (!(Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85)) {
        break;
      }
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  /** Closes the tokenizer when this featurizer loaded it from a file. */
  @Override
  public void close() {
    if (ownsTokenizer) {
      tokenizer.close();
    }
  }

  /** Counts of one call, added to the featurizer's totals at its end. */
  private static final class Run {
    long examples;
    long features;
    long truncated;
    final List<String> truncatedIds = new ArrayList<>();

    void truncated(String id) {
      truncated++;
      if (truncatedIds.size() < FeaturizerCounts.MAX_IDS) {
        truncatedIds.add(id);
      }
    }

    void addTo(Featurizer f) {
      f.exampleCount.addAndGet(examples);
      f.featureCount.addAndGet(features);
      f.truncatedCount.addAndGet(truncated);
      for (String id : truncatedIds) {
        if (f.truncatedIds.size() < FeaturizerCounts.MAX_IDS) {
          f.truncatedIds.add(id);
        }
      }
    }

    FeaturizerCounts counts() {
      return new FeaturizerCounts(examples, features, truncated, truncatedIds);
    }
  }

  /**
   * Loads a {@code tokenizer.json} as the featurizer runs it: without special tokens, truncation or
   * padding, since the featurizer adds the pair template and cuts the windows itself. Close it when
   * done.
   *
   * @throws IllegalArgumentException when the file does not exist
   * @throws UncheckedIOException when it cannot be read or is not a Hugging Face tokenizer.json;
   *     the message names the file
   */
  public static HuggingFaceTokenizer rawTokenizer(Path tokenizerFile) {
    if (!Files.isRegularFile(tokenizerFile)) {
      throw new IllegalArgumentException(tokenizerFile + ": tokenizer.json not found");
    }
    try {
      return HuggingFaceTokenizer.builder()
          .optTokenizerPath(tokenizerFile)
          .optAddSpecialTokens(false)
          .optTruncation(false)
          .optPadding(false)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + tokenizerFile, e);
    } catch (RuntimeException e) {
      // The native tokenizer library reports a malformed file without naming it.
      throw new UncheckedIOException(
          new IOException(
              tokenizerFile + ": not a Hugging Face tokenizer.json (" + e.getMessage() + ")", e));
    }
  }

  /** Configures a {@link Featurizer}; the tokenizer and the layout are given up front. */
  public static final class Builder {
    private final HuggingFaceTokenizer tokenizer;
    private final Path tokenizerFile;
    private final WindowLayout layout;
    private WindowOptions windows = WindowOptions.DEFAULTS;
    private int batchContexts = 256;

    private Builder(HuggingFaceTokenizer tokenizer, Path tokenizerFile, WindowLayout layout) {
      this.tokenizer = tokenizer;
      this.tokenizerFile = tokenizerFile;
      this.layout = Objects.requireNonNull(layout, "layout");
    }

    /** Window length and stride ({@link WindowOptions#DEFAULTS}). */
    public Builder windows(WindowOptions windows) {
      this.windows = Objects.requireNonNull(windows, "windows");
      return this;
    }

    /** How many distinct contexts {@link Featurizer#featurizeAll} tokenizes per batch. */
    public Builder batchContexts(int batchContexts) {
      if (batchContexts < 1) {
        throw new IllegalArgumentException("batchContexts must be >= 1, got " + batchContexts);
      }
      this.batchContexts = batchContexts;
      return this;
    }

    /**
     * Builds the featurizer.
     *
     * @throws UncheckedIOException when the tokenizer file cannot be read
     * @throws IllegalArgumentException when the tokenizer truncates or pads, or the lengths leave
     *     no room for context tokens
     */
    public Featurizer build() {
      if (tokenizer != null) {
        checkNoTruncationOrPadding(tokenizer);
        return new Featurizer(this, tokenizer, false);
      }
      HuggingFaceTokenizer loaded = rawTokenizer(tokenizerFile);
      try {
        return new Featurizer(this, loaded, true);
      } catch (RuntimeException e) {
        loaded.close();
        throw e;
      }
    }

    private static void checkNoTruncationOrPadding(HuggingFaceTokenizer t) {
      if (!"DO_NOT_TRUNCATE".equals(t.getTruncation()) || !"DO_NOT_PAD".equals(t.getPadding())) {
        throw new IllegalArgumentException(
            "the featurizer cuts windows itself and needs every token, but the tokenizer has"
                + " truncation "
                + t.getTruncation()
                + " and padding "
                + t.getPadding()
                + "; build it with HuggingFaceTokenizer.builder().optTokenizerPath(path)"
                + ".optTruncation(false).optPadding(false), or pass the tokenizer.json path");
      }
    }
  }
}
