package io.github.qa4j.core.model;

import ai.djl.Device;
import io.github.qa4j.core.decode.DecodingOptions;
import io.github.qa4j.core.features.WindowOptions;
import io.github.qa4j.core.hub.ModelResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the builders of the trainer and the question answerer share: the model source and its
 * tokenizer, the head, the window and decoding options, dynamic padding and the resolver. Each
 * setting is set here once, with its default defined in its options group.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class QaBuilder<B extends QaBuilder<B>> {

  private ModelSource source;
  private HeadType head;
  private WindowOptions windows = WindowOptions.DEFAULTS;
  // Set one at a time, in any order; checked together when the builder builds.
  private Integer maxSeqLength;
  private Integer stride;
  private DecodingOptions decoding = DecodingOptions.DEFAULTS;
  private boolean padToMaxLength;
  private Precision precision = Precision.FLOAT32;
  private boolean precisionFallback;
  private ModelResolver resolver;

  /**
   * Starts from a model source.
   *
   * @param source where the model comes from
   * @param head the head by default, or null for the one the checkpoint names
   */
  protected QaBuilder(ModelSource source, HeadType head) {
    this.source = Objects.requireNonNull(source, "source");
    this.head = head;
  }

  /** This builder, typed as the concrete builder. */
  protected abstract B self();

  /** The {@code tokenizer.json} of a named model; defaults to the one in the model directory. */
  public B tokenizer(Path tokenizerJson) {
    if (!(source instanceof ModelSource.Named named)) {
      throw new IllegalStateException("this model source comes with its tokenizer");
    }
    this.source = new ModelSource.Named(named.nameOrPath(), tokenizerJson);
    return self();
  }

  /** The head on the encoder. */
  public B head(HeadType value) {
    this.head = Objects.requireNonNull(value, "head");
    return self();
  }

  /** Window length and stride ({@link WindowOptions#DEFAULTS}). */
  public B windows(WindowOptions value) {
    this.windows = Objects.requireNonNull(value, "windows");
    this.maxSeqLength = null;
    this.stride = null;
    return self();
  }

  /** Window length in tokens ({@link WindowOptions#DEFAULTS}). */
  public B maxSeqLength(int value) {
    this.maxSeqLength = value;
    return self();
  }

  /** Context tokens shared by consecutive windows ({@link WindowOptions#DEFAULTS}). */
  public B stride(int value) {
    this.stride = value;
    return self();
  }

  /**
   * How scores become answers ({@link DecodingOptions#DEFAULTS}); {@link
   * DecodingOptions#allowNoAnswer()} is SQuAD v2 ({@code --version_2_with_negative}).
   */
  public B decoding(DecodingOptions value) {
    this.decoding = Objects.requireNonNull(value, "decoding");
    return self();
  }

  /**
   * Whether batches keep the full window length ({@code --pad_to_max_length}); false (the default)
   * pads each batch to its longest window. Predictions are then the same, only faster (see {@link
   * io.github.qa4j.core.inference.WindowPredictor}); a trainer's loss is the one transformers
   * computes on such batches (its {@code DataCollatorWithPadding}), which differs from the padded
   * loss since the span heads' softmax runs over every position of the batch.
   */
  public B padToMaxLength(boolean value) {
    this.padToMaxLength = value;
    return self();
  }

  /**
   * The arithmetic of matrix products when predicting ({@link Precision#FLOAT32}): bf16 or INT8
   * convert the weights once ({@link QaModel#usePrecision}); a model given in memory is converted
   * in place.
   */
  public B precision(Precision value) {
    this.precision = Objects.requireNonNull(value, "precision");
    return self();
  }

  /**
   * Whether a precision this CPU cannot run falls back to float32 (false: building fails and says
   * which CPU feature is missing).
   */
  public B precisionFallback(boolean value) {
    this.precisionFallback = value;
    return self();
  }

  /** Resolves named models; {@link ModelResolver#defaults()} when not set. */
  public B resolver(ModelResolver value) {
    this.resolver = Objects.requireNonNull(value, "resolver");
    return self();
  }

  /** The head set, or null for the checkpoint's. */
  protected final HeadType head() {
    return head;
  }

  /**
   * The window options set.
   *
   * @throws IllegalArgumentException when the window length and stride do not fit together
   */
  protected final WindowOptions windows() {
    return new WindowOptions(
        maxSeqLength != null ? maxSeqLength : windows.maxSeqLength(),
        stride != null ? stride : windows.stride());
  }

  /** The decoding options set. */
  protected final DecodingOptions decoding() {
    return decoding;
  }

  /** The precision of predictions. */
  protected final Precision precision() {
    return precision;
  }

  /** Whether an unsupported precision falls back to float32. */
  protected final boolean precisionFallback() {
    return precisionFallback;
  }

  /** Whether batches keep the full window length. */
  protected final boolean padToMaxLength() {
    return padToMaxLength;
  }

  /**
   * Opens the model source (with {@code replacement} instead, when not null) through the resolver.
   */
  protected final ModelSource.Opened open(ModelSource replacement, long seed, Device device)
      throws IOException {
    ModelSource from = replacement != null ? replacement : source;
    return from.open(resolver != null ? resolver : ModelResolver.defaults(), head, seed, device);
  }

  /** The model source set. */
  protected final ModelSource source() {
    return source;
  }
}
