package io.github.qa4j.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option of a command line both spellings, {@code --max_seq_length} (transformers') and
 * {@code --max-seq-length} (the usual one of command lines), lets every boolean flag take an
 * optional {@code True} or {@code False} as transformers' {@code HfArgumentParser} does ({@code
 * --do_train}, {@code --do_train True}, {@code --do_train=false}), and shows every default in
 * {@code --help}. Applied once to the whole tree by {@link QaCommand#commandLine()}, so that no
 * option is declared twice.
 */
final class Spellings {

  private Spellings() {}

  /** Applies the spellings to {@code cli} and its subcommands. */
  static void apply(CommandLine cli) {
    CommandSpec spec = cli.getCommandSpec();
    spec.usageMessage().showDefaultValues(true);
    for (OptionSpec option : new ArrayList<>(spec.options())) {
      if (option.inherited()
          || option.scopeType() == CommandLine.ScopeType.INHERIT
          || option.usageHelp()
          || option.versionHelp()
          || option.group() != null) {
        // picocli cannot replace an option of an ArgGroup: those declare both spellings.
        continue;
      }
      Set<String> names = new LinkedHashSet<>(List.of(option.names()));
      for (String name : option.names()) {
        if (name.startsWith("--")) {
          String body = name.substring(2);
          names.add("--" + body.replace('_', '-'));
          names.add("--" + body.replace('-', '_'));
        }
      }
      boolean flag = isBoolean(option) && option.arity().max() == 0;
      if (names.size() == option.names().length && !flag) {
        continue;
      }
      OptionSpec.Builder rebuilt = OptionSpec.builder(option).names(names.toArray(String[]::new));
      if (flag) {
        rebuilt.arity("0..1").fallbackValue("true");
      }
      spec.remove(option);
      spec.addOption(rebuilt.build());
    }
    cli.getSubcommands().values().forEach(Spellings::apply);
  }

  private static boolean isBoolean(OptionSpec option) {
    Class<?> type = option.type();
    return type == boolean.class || type == Boolean.class;
  }
}
