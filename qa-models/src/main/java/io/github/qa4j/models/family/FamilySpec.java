package io.github.qa4j.models.family;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.gson.JsonObject;
import io.github.qa4j.models.common.Encoder;
import io.github.qa4j.models.common.ParameterInit;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a model family states, as values: how to read its config, build its encoder and initialize
 * it, the names transformers gives it, and the checkpoint tensors a question-answering model skips.
 * An {@link EncoderFamily} does the rest.
 *
 * <pre>{@code
 * FamilySpec.of("roberta", RobertaConfig::from, RobertaModel::new, RobertaModel::initializer)
 *     .withModelTypes("roberta", "xlm-roberta", "camembert")
 *     .withSpanArchitecture("RobertaForQuestionAnswering")
 *     .withOtherTensors("lm_head.", "roberta.pooler.");
 * }</pre>
 *
 * @param <C> the family's parsed configuration
 * @param prefix transformers' {@code base_model_prefix} ({@code bert}, {@code transformer}, ...)
 * @param parser reads and checks a {@code config.json} object; errors name the source and field
 * @param encoder builds the encoder for a configuration, parameters declared but not set
 * @param initializer transformers' random initialization for a configuration
 * @param modelTypes the {@code model_type}s served; the first is the family's own
 * @param spanArchitecture transformers' class with the span head, or null for none
 * @param beamArchitecture transformers' class with the beam-search head, or null for none
 * @param otherTensors name prefixes of checkpoint tensors that a question-answering model skips
 *     (pretraining heads, poolers, buffers)
 */
public record FamilySpec<C>(
    String prefix,
    BiFunction<JsonObject, Path, C> parser,
    Function<C, ? extends Encoder> encoder,
    Function<C, ParameterInit> initializer,
    List<String> modelTypes,
    String spanArchitecture,
    String beamArchitecture,
    List<String> otherTensors) {

  /** Checks the required parts and copies the lists. */
  public FamilySpec {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(initializer, "initializer");
    modelTypes = ImmutableList.copyOf(modelTypes);
    otherTensors = ImmutableList.copyOf(otherTensors);
    Preconditions.checkArgument(!modelTypes.isEmpty(), "a family serves at least one model_type");
  }

  /**
   * A family whose one {@code model_type} is {@code prefix}, with no transformers class named yet
   * and nothing to skip.
   */
  public static <C> FamilySpec<C> of(
      String prefix,
      BiFunction<JsonObject, Path, C> parser,
      Function<C, ? extends Encoder> encoder,
      Function<C, ParameterInit> initializer) {
    return new FamilySpec<>(
        prefix, parser, encoder, initializer, List.of(prefix), null, null, List.of());
  }

  /** This spec serving these {@code model_type}s, the first being the family's own. */
  public FamilySpec<C> withModelTypes(String... types) {
    return new FamilySpec<>(
        prefix,
        parser,
        encoder,
        initializer,
        List.of(types),
        spanArchitecture,
        beamArchitecture,
        otherTensors);
  }

  /** This spec with transformers' class for the span head. */
  public FamilySpec<C> withSpanArchitecture(String name) {
    return new FamilySpec<>(
        prefix, parser, encoder, initializer, modelTypes, name, beamArchitecture, otherTensors);
  }

  /** This spec with transformers' class for the beam-search head. */
  public FamilySpec<C> withBeamArchitecture(String name) {
    return new FamilySpec<>(
        prefix, parser, encoder, initializer, modelTypes, spanArchitecture, name, otherTensors);
  }

  /** This spec skipping checkpoint tensors under these name prefixes. */
  public FamilySpec<C> withOtherTensors(String... prefixes) {
    return new FamilySpec<>(
        prefix,
        parser,
        encoder,
        initializer,
        modelTypes,
        spanArchitecture,
        beamArchitecture,
        List.of(prefixes));
  }
}
