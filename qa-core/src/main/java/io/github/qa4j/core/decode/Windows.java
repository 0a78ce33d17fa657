package io.github.qa4j.core.decode;

import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.QaFeature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks and groups the windows of examples for the decoders. */
final class Windows {

  /** Decodes one example from its windows and their outputs. */
  @FunctionalInterface
  interface ExampleDecoder<T> {
    Prediction decode(QaExample example, List<QaFeature> windows, List<T> outputs);
  }

  private Windows() {}

  /**
   * Groups windows (in any order, each window's output at the same position) by example and decodes
   * each example; predictions come in the order of {@code examples}.
   */
  static <T> List<Prediction> decodeAll(
      List<QaExample> examples,
      List<QaFeature> windows,
      List<? extends T> outputs,
      ExampleDecoder<T> decoder) {
    requireSameSize(windows, outputs);
    Map<String, Integer> position = new HashMap<>();
    for (int e = 0; e < examples.size(); e++) {
      if (position.put(examples.get(e).id(), e) != null) {
        throw new IllegalArgumentException(
            "example id '" + examples.get(e).id() + "' occurs more than once");
      }
    }
    Map<Integer, List<Integer>> byExample = new LinkedHashMap<>();
    for (int w = 0; w < windows.size(); w++) {
      String id = windows.get(w).exampleId();
      Integer e = position.get(id);
      if (e == null) {
        throw new IllegalArgumentException(
            "window " + w + " belongs to example '" + id + "', which is not among the examples");
      }
      byExample.computeIfAbsent(e, k -> new ArrayList<>()).add(w);
    }
    List<Prediction> predictions = new ArrayList<>(examples.size());
    for (int e = 0; e < examples.size(); e++) {
      List<Integer> indexes = byExample.getOrDefault(e, List.of());
      List<QaFeature> exampleWindows = new ArrayList<>(indexes.size());
      List<T> exampleOutputs = new ArrayList<>(indexes.size());
      for (int w : indexes) {
        exampleWindows.add(windows.get(w));
        exampleOutputs.add(outputs.get(w));
      }
      predictions.add(decoder.decode(examples.get(e), exampleWindows, exampleOutputs));
    }
    return predictions;
  }

  /** Checks that the windows belong to the example and that each has an output. */
  static void check(QaExample example, List<QaFeature> windows, List<?> outputs) {
    requireSameSize(windows, outputs);
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("example '" + example.id() + "' has no windows");
    }
    for (QaFeature window : windows) {
      if (!window.exampleId().equals(example.id())) {
        throw new IllegalArgumentException(
            "window of example '"
                + window.exampleId()
                + "' given with example '"
                + example.id()
                + "'");
      }
    }
  }

  /**
   * Whether tokens {@code start..end} of a window can be an answer: both inside the window and in
   * the context, in order, at most {@code maxAnswerLength} tokens, and (when {@code maxContext} is
   * given) with the start token in its maximum-context window.
   */
  static boolean isCandidate(
      QaFeature window, int start, int end, int maxAnswerLength, boolean[] maxContext) {
    return start < window.length()
        && end < window.length()
        && window.isContext(start)
        && window.isContext(end)
        && end >= start
        && end - start + 1 <= maxAnswerLength
        && (maxContext == null || maxContext[start]);
  }

  /** Throws when a logit is NaN: no order, and so no answer, can be read from it. */
  static void requireNoNaN(float[] values, String what, QaExample example, int window) {
    for (int i = 0; i < values.length; i++) {
      if (Float.isNaN(values[i])) {
        throw new IllegalArgumentException(
            "example '" + example.id() + "' window " + window + ": " + what + "[" + i + "] is NaN");
      }
    }
  }

  private static void requireSameSize(List<?> windows, List<?> outputs) {
    if (windows.size() != outputs.size()) {
      throw new IllegalArgumentException(
          windows.size() + " windows but " + outputs.size() + " model outputs");
    }
  }
}
