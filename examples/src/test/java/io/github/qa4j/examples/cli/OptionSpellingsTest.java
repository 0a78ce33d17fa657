package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every subcommand has a description and both spellings ({@code --a_b} and {@code
 * --a-b}), and {@code --help} shows the defaults.
 */
class OptionSpellingsTest {

  private static List<CommandSpec> commands(CommandLine cli) {
    List<CommandSpec> all = new ArrayList<>();
    all.add(cli.getCommandSpec());
    cli.getSubcommands().values().forEach(sub -> all.addAll(commands(sub)));
    return all;
  }

  @Test
  void everyOptionHasADescriptionAndBothSpellings() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (CommandSpec command : commands(QaCommand.commandLine())) {
      assertThat(command.usageMessage().showDefaultValues()).as(command.qualifiedName()).isTrue();
      for (OptionSpec option : command.options()) {
        checked++;
        String where = command.qualifiedName() + " " + option.longestName();
        if (String.join("", option.description()).isBlank()) {
          problems.add(where + ": no description");
        }
        List<String> names = List.of(option.names());
        for (String name : names) {
          if (name.startsWith("--")) {
            String snake = name.replace('-', '_').replaceFirst("^__", "--");
            String kebab = name.replace('_', '-');
            if (!names.contains(snake) || !names.contains(kebab)) {
              problems.add(where + ": lacks " + (names.contains(snake) ? kebab : snake));
            }
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void bothSpellingsAndTrueFalseFormsParse() {
    CommandLine cli = QaCommand.commandLine();
    CommandLine runQa = cli.getSubcommands().get("run-qa");
    RunQaCommand command = runQa.getCommand();
    cli.parseArgs(
        "run-qa",
        "--model-name-or-path",
        "m",
        "--output_dir",
        "o",
        "--do_train",
        "False",
        "--do-eval");
    assertThat(command.modelNameOrPath).isEqualTo("m");
    assertThat(command.doTrain).isFalse();
    assertThat(command.doEval).isTrue();
    cli.parseArgs("run-qa", "--output-dir", "o", "--do_train=True", "--do_eval", "false");
    assertThat(command.doTrain).isTrue();
    assertThat(command.doEval).isFalse();
  }

  @Test
  void helpShowsDefaults() {
    QaCommandTest.Run r = QaCommandTest.run("run-qa", "--help");
    assertThat(r.out())
        .contains("--learning_rate, --learning-rate")
        .contains("Default: 5.0E-5")
        .contains("Default: steps")
        .contains("Default: linear");
  }
}
