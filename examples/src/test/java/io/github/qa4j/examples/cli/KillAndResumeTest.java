package io.github.qa4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.io.HostTensor;
import io.github.qa4j.core.io.Safetensors;
import io.github.qa4j.core.testing.ChildJvm;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.Checkpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at a random step of a {@code run-qa} with checkpoints, then the same command
 * again: training resumes from the last complete checkpoint and ends with the weights and optimizer
 * state of an uninterrupted run, bit for bit.
 */
class KillAndResumeTest {

  private static final int STEPS = 10;

  @TempDir Path tmp;

  private static List<String> args(Path out) {
    return List.of(
        "run-qa",
        "--config_name",
        Path.of("src/test/resources/bert-tiny-config.json").toAbsolutePath().toString(),
        "--tokenizer_name",
        SharedData.bertTokenizer().toString(),
        "--train_file",
        SharedData.devV11().toString(),
        "--max_train_samples",
        "32",
        "--max_seq_length",
        "96",
        "--doc_stride",
        "32",
        "--per_device_train_batch_size",
        "8",
        "--gradient_accumulation_steps",
        "2",
        "--learning_rate",
        "1e-3",
        "--max_steps",
        Integer.toString(STEPS),
        "--save_steps",
        "2",
        "--logging_steps",
        "1",
        "--do_train",
        "--output_dir",
        out.toString());
  }

  @Test
  void killedRunResumedEqualsUninterruptedRun() throws Exception {
    Path whole = tmp.resolve("whole");
    QaCommandTest.Run uninterrupted = QaCommandTest.run(args(whole).toArray(String[]::new));
    assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();

    long seed = System.nanoTime();
    int killAt = 3 + new Random(seed).nextInt(STEPS - 4);
    System.out.println("KillAndResumeTest: kill -9 after step " + killAt + " (seed " + seed + ")");
    Path killed = tmp.resolve("killed");
    try (ChildJvm child =
        ChildJvm.start(
            Path.of("").toAbsolutePath(), List.of("-Xmx512m"), QaCommand.class, args(killed))) {
      child.awaitLine(l -> l.contains("'step': " + killAt + "}"), 600);
      child.kill();
      assertThat(child.awaitExit(60)).isEqualTo(137);
    }
    assertThat(killed.resolve("model.safetensors")).as("the run did not finish").doesNotExist();
    for (Path dir : checkpointFolders(killed)) {
      assertThat(Checkpoints.isComplete(dir)).as(dir + " is complete").isTrue();
    }

    QaCommandTest.Run resumed = QaCommandTest.run(args(killed).toArray(String[]::new));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("resuming training from").contains("checkpoint-");

    assertSameTensors(whole.resolve("model.safetensors"), killed.resolve("model.safetensors"));
    Path lastWhole = Checkpoints.lastComplete(whole).orElseThrow();
    Path lastKilled = Checkpoints.lastComplete(killed).orElseThrow();
    assertThat(lastKilled.getFileName()).isEqualTo(lastWhole.getFileName());
    assertSameTensors(
        lastWhole.resolve(Checkpoints.OPTIMIZER_FILE),
        lastKilled.resolve(Checkpoints.OPTIMIZER_FILE));
  }

  /**
   * The crash of {@code hs_err_pid17051.log}: SIGTERM during training made the JVM tear libtorch
   * down under a backward pass. Now the exit waits for the step (and the checkpoint write) in
   * progress: exit 143, no crash log, no half-written or hidden checkpoint folder.
   */
  @Test
  void sigtermDuringTrainingExitsCleanly() throws Exception {
    Path out = tmp.resolve("term");
    List<String> everyStep = new ArrayList<>(args(out));
    everyStep.set(everyStep.indexOf("--save_steps") + 1, "1");
    try (ChildJvm child = ChildJvm.start(tmp, List.of("-Xmx512m"), QaCommand.class, everyStep)) {
      child.awaitLine(l -> l.contains("'step': 2}"), 600);
      child.terminate();
      assertThat(child.awaitExit(120)).as(child.output()).isEqualTo(143);
      assertThat(child.output()).doesNotContain("SIGSEGV").doesNotContain("fatal error");
    }
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
    }
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
    for (Path dir : checkpointFolders(out)) {
      assertThat(Checkpoints.isComplete(dir)).as(dir + " is complete").isTrue();
    }
  }

  @Test
  void overwriteOutputDirStartsOverAndDeletesTheCheckpoints() throws IOException {
    Path out = tmp.resolve("out");
    List<String> first = new ArrayList<>(args(out));
    first.set(first.indexOf("--max_steps") + 1, "4");
    assertThat(QaCommandTest.run(first.toArray(String[]::new)).code()).isZero();
    assertThat(Checkpoints.list(out)).hasSize(2);

    List<String> again = new ArrayList<>(first);
    again.set(again.indexOf("--save_steps") + 1, "0");
    again.add("--overwrite_output_dir");
    QaCommandTest.Run run = QaCommandTest.run(again.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("resuming");
    assertThat(Checkpoints.list(out)).isEmpty();
  }

  /**
   * {@code --resume_from_checkpoint True}, as transformers reads it: the last complete checkpoint
   * in {@code --output_dir}, said on the console. A finished run resumed from its last checkpoint
   * takes no step and leaves its weights as they were.
   */
  @Test
  void resumeFromCheckpointTruePicksTheLastCompleteCheckpoint() throws IOException {
    Path out = tmp.resolve("out");
    List<String> first = new ArrayList<>(args(out));
    first.set(first.indexOf("--max_steps") + 1, "4");
    assertThat(QaCommandTest.run(first.toArray(String[]::new)).code()).isZero();
    Map<String, HostTensor> trained = Safetensors.read(out.resolve("model.safetensors"));

    List<String> again = new ArrayList<>(first);
    again.addAll(List.of("--resume_from_checkpoint", "True"));
    QaCommandTest.Run run = QaCommandTest.run(again.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains("resuming training from " + Checkpoints.directory(out, 4));
    Map<String, HostTensor> after = Safetensors.read(out.resolve("model.safetensors"));
    for (String name : trained.keySet()) {
      assertThat(after.get(name).data()).as(name).isEqualTo(trained.get(name).data());
    }
  }

  private static List<Path> checkpointFolders(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("checkpoint-")).toList();
    }
  }

  private static void assertSameTensors(Path expected, Path actual) throws IOException {
    Map<String, HostTensor> a = Safetensors.read(expected);
    Map<String, HostTensor> b = Safetensors.read(actual);
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String name : a.keySet()) {
      assertThat(b.get(name).data()).as(name).isEqualTo(a.get(name).data());
    }
  }
}
