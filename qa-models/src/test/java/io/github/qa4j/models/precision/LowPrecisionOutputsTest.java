package io.github.qa4j.models.precision;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.model.Precision;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A bf16 or INT8 model never hands Java an array that DJL cannot handle: {@link
 * LowPrecisionOutputProbe} runs in a child JVM, so that an abort ends the child, not the tests.
 */
class LowPrecisionOutputsTest {

  @Test
  void everyArrayReachableFromALowPrecisionModelIsSafeForJava() throws Exception {
    Assumptions.assumeTrue(
        PrecisionSupport.detect().supports(Precision.BF16), "this CPU has no native bf16");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx1g");
    command.add("-Dqa.shared=" + SharedData.root());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LowPrecisionOutputProbe.class.getName());
    command.addAll(
        List.of(
            "bert-tiny-absolute",
            "bert-tiny-relative_key",
            "bert-tiny-relative_key_query",
            "xlnet-tiny"));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = readAll(child);
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("the probe finished").isTrue();
    assertThat(child.exitValue()).as("exit status; output:%n%s", output).isZero();
    assertThat(output).contains(LowPrecisionOutputProbe.DONE).contains("xlnet-tiny INT8");
  }

  private static String readAll(Process child) throws IOException {
    return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
