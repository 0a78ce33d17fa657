package io.github.qa4j.models.common;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Typed access to a Hugging Face {@code config.json}. Every error names the file and the field, for
 * example {@code models/x/config.json: field 'hidden_size' must be a positive integer, got "big"}.
 *
 * @param json the parsed config
 * @param source where it came from, for messages
 */
public record HfConfig(JsonObject json, Path source) {

  /** Checks the arguments. */
  public HfConfig {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(source, "source");
  }

  /** A required integer field that must be at least 1. */
  public int positiveInt(String field) {
    int value = intValue(field, required(field));
    if (value < 1) {
      throw error(field, "must be a positive integer", required(field));
    }
    return value;
  }

  /** An optional integer field. */
  public int optInt(String field, int fallback) {
    JsonElement e = optional(field);
    return e == null ? fallback : intValue(field, e);
  }

  /** A required number field. */
  public double number(String field) {
    return numberValue(field, required(field));
  }

  /** An optional number field; JSON {@code null} also gives {@code fallback}. */
  public double optNumber(String field, double fallback) {
    JsonElement e = optional(field);
    return e == null ? fallback : numberValue(field, e);
  }

  /** An optional probability in [0, 1), as dropout rates are. */
  public float optProbability(String field, double fallback) {
    double p = optNumber(field, fallback);
    if (!(p >= 0 && p < 1)) {
      throw error(field, "must be a probability in [0, 1)", json.get(field));
    }
    return (float) p;
  }

  /** An optional boolean field; JSON {@code null} also gives {@code fallback}. */
  public boolean optBoolean(String field, boolean fallback) {
    JsonElement e = optional(field);
    if (e == null) {
      return fallback;
    }
    if (e instanceof JsonPrimitive p && p.isBoolean()) {
      return p.getAsBoolean();
    }
    throw error(field, "must be true or false", e);
  }

  /** A required string field. */
  public String string(String field) {
    return stringValue(field, required(field));
  }

  /** An optional string field; JSON {@code null} also gives {@code fallback}. */
  public String optString(String field, String fallback) {
    JsonElement e = optional(field);
    return e == null ? fallback : stringValue(field, e);
  }

  /**
   * An error about a field whose value is well-typed but not acceptable, in this config's message
   * format.
   */
  public IllegalArgumentException error(String field, String problem, JsonElement value) {
    return new IllegalArgumentException(
        source + ": field '" + field + "' " + problem + ", got " + value);
  }

  private JsonElement required(String field) {
    JsonElement e = optional(field);
    if (e == null) {
      throw new IllegalArgumentException(source + ": field '" + field + "' is missing");
    }
    return e;
  }

  private JsonElement optional(String field) {
    JsonElement e = json.get(field);
    return e == null || e.isJsonNull() ? null : e;
  }

  private int intValue(String field, JsonElement e) {
    if (e instanceof JsonPrimitive p && p.isNumber()) {
      double d = p.getAsDouble();
      if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw error(field, "must be an integer", e);
  }

  private double numberValue(String field, JsonElement e) {
    if (e instanceof JsonPrimitive p && p.isNumber()) {
      return p.getAsDouble();
    }
    throw error(field, "must be a number", e);
  }

  private String stringValue(String field, JsonElement e) {
    if (e instanceof JsonPrimitive p && p.isString()) {
      return p.getAsString();
    }
    throw error(field, "must be a string", e);
  }
}
