package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QaCommandTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = QaCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsSubcommands() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Commands:").contains("help");
    for (String sub : QaCommand.commandLine().getSubcommands().keySet()) {
      assertThat(r.out()).contains(sub);
    }
  }

  @Test
  void badFlagIsOneLineOnStderrAndNonZero() {
    Run r = run("--no-such-flag");
    assertThat(r.code()).isEqualTo(QaCommand.USAGE_ERROR);
    assertThat(r.err().strip()).doesNotContain("\n").contains("--no-such-flag");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void everySubcommandPrintsUsageOnHelp() {
    for (String sub : QaCommand.commandLine().getSubcommands().keySet()) {
      Run r = run(sub, "--help");
      assertThat(r.code()).as(sub).isZero();
      assertThat(r.out()).as(sub).contains("Usage:");
    }
  }
}
