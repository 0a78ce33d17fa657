package io.github.qa4j.examples.cli;

import io.github.qa4j.core.model.Precision;
import picocli.CommandLine;

/** Reads {@code --precision fp32|bf16|int8}; an unknown value is a usage error naming it. */
final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
  @Override
  public Precision convert(String value) {
    try {
      return Precision.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
