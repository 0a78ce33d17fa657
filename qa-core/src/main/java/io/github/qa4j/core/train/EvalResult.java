package io.github.qa4j.core.train;

import io.github.qa4j.core.decode.Prediction;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link QaTrainer#evaluate}.
 *
 * @param metrics transformers' keys with the {@code eval_} prefix ({@code eval_exact_match}, {@code
 *     eval_f1}, or the SQuAD v2 set; {@code eval_samples}), in a stable order
 * @param predictions one prediction per question, in input order
 */
public record EvalResult(Map<String, Object> metrics, List<Prediction> predictions) {

  /** Copies the values. */
  public EvalResult {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    predictions = List.copyOf(predictions);
  }

  /** A metric as a number, for example {@code metric("eval_f1")}. */
  public double metric(String key) {
    Object value = metrics.get(key);
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException("no numeric metric '" + key + "' in " + metrics.keySet());
    }
    return n.doubleValue();
  }
}
