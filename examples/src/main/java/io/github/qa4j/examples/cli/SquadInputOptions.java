package io.github.qa4j.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --data} and {@code --tokenizer}: the SQuAD file to cut into windows and the tokenizer. */
final class SquadInputOptions {

  @Option(
      names = "--data",
      required = true,
      paramLabel = "SQUAD.json",
      description = "SQuAD v1.1 or v2.0 JSON file (.gz allowed).")
  Path data;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "tokenizer.json",
      description = "Hugging Face tokenizer.json.")
  Path tokenizer;

  /** Both files must exist and be readable. */
  void check(CommandSpec spec) {
    CliChecks.requireFile(spec, "--data", data);
    CliChecks.requireFile(spec, "--tokenizer", tokenizer);
  }
}
