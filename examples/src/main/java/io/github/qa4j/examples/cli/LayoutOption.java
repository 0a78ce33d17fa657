package io.github.qa4j.examples.cli;

import io.github.qa4j.core.features.WindowLayout;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --layout bert|xlnet}, parsed the same way by every command that cuts windows. */
final class LayoutOption {

  @Option(
      names = "--layout",
      defaultValue = "bert",
      paramLabel = "bert|xlnet",
      converter = Converter.class,
      description =
          "Window layout: bert (run_qa.py) or xlnet (run_qa_beam_search.py) (default:"
              + " ${DEFAULT-VALUE}).")
  WindowLayout layout;

  /** Reads {@code bert} or {@code xlnet}, in any case. */
  static final class Converter implements CommandLine.ITypeConverter<WindowLayout> {
    @Override
    public WindowLayout convert(String value) {
      try {
        return WindowLayout.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "unknown layout '" + value + "', expected bert or xlnet");
      }
    }
  }
}
