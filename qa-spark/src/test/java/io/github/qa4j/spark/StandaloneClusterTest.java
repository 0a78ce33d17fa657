package io.github.qa4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.metrics.PredictionReader;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone master and one worker on 127.0.0.1, each a child JVM, and the {@code qa-spark}
 * command as a third (the driver): the executor gets qa4j's classes only through {@code
 * spark.jars}, and the tasks, the broadcast Hadoop configuration and the answers cross JVMs as on a
 * cluster. The predictions must equal the single-machine ones. Slow (four JVMs on a loaded
 * machine), so it runs only with {@code -Pspark-cluster}.
 */
@Tag("spark-cluster")
class StandaloneClusterTest {

  private static final Duration STARTUP = Duration.ofMinutes(3);

  @TempDir Path tmp;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopCluster() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).destroy();
    }
  }

  @Test
  void aStandaloneClusterAnswersAsTheSingleMachineDoes() throws Exception {
    Path data = SquadOnSparkTest.smallDevFile(tmp);
    Path userJar = jarOf(Path.of("target/classes"), tmp.resolve("qa-spark-user.jar"));
    String dependencies = dependencyClasspath();
    Path sparkHome = Files.createDirectories(tmp.resolve("spark-home"));
    int masterPort = freePort();
    String master = "spark://127.0.0.1:" + masterPort;

    start(
        "master",
        dependencies,
        sparkHome,
        List.of(),
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        Integer.toString(masterPort),
        "--webui-port",
        "0");
    awaitPort(masterPort);
    start(
        "worker",
        dependencies,
        sparkHome,
        List.of(),
        "org.apache.spark.deploy.worker.Worker",
        "--host",
        "127.0.0.1",
        "--cores",
        "2",
        "--memory",
        "2g",
        "--webui-port",
        "0",
        "--work-dir",
        Files.createDirectories(tmp.resolve("work")).toString(),
        master);

    Path out = tmp.resolve("cluster-predictions.json");
    Process driver =
        start(
            "driver",
            dependencies + File.pathSeparator + userJar,
            sparkHome,
            List.of(
                "-Dspark.jars=" + userJar,
                // The executor's classpath is Spark's and the libraries'; qa4j comes via
                // spark.jars.
                "-Dspark.executor.extraClassPath=" + dependencies,
                "-Dspark.executor.memory=1g",
                "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.ui.enabled=false"),
            "io.github.qa4j.spark.cli.QaSparkCommand",
            "--master",
            master,
            "--model",
            "file:" + TinyQaModel.dir(),
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--max-seq-length",
            Integer.toString(TinyQaModel.LENGTH),
            "--doc-stride",
            Integer.toString(TinyQaModel.STRIDE),
            "--partitions",
            "3");
    assertThat(driver.waitFor(10, TimeUnit.MINUTES)).as("the driver finished").isTrue();
    assertThat(driver.exitValue())
        .as("driver exit code; log: %s", Files.readString(tmp.resolve("driver.log")))
        .isZero();

    Map<String, String> expected = SparkTestSupport.singleMachinePredictions(data);
    assertThat(PredictionReader.readPredictions(out)).containsExactlyEntriesOf(expected);
    try (Stream<Path> logs = Files.walk(tmp.resolve("work"))) {
      assertThat(logs.filter(p -> p.getFileName().toString().equals("stderr")))
          .as("an executor ran on the worker")
          .isNotEmpty();
    }
  }

  private Process start(
      String name,
      String classpath,
      Path sparkHome,
      List<String> properties,
      String mainClass,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(moduleOptions());
    command.addAll(properties);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    // Without a Spark distribution, executors are launched with the classpath the driver names.
    pb.environment().put("SPARK_TESTING", "1");
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = pb.start();
    started.add(p);
    return p;
  }

  /** The --add-opens options this JVM runs with, which Spark needs in every JVM. */
  private static List<String> moduleOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            a -> a.startsWith("--add-opens") || a.startsWith("-Dio.netty") || a.startsWith("-Djdk"))
        .toList();
  }

  /** The test classpath without this module's own classes (surefire names it in a property). */
  private static String dependencyClasspath() {
    String all =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path classes = Path.of("target/classes").toAbsolutePath();
    Path testClasses = Path.of("target/test-classes").toAbsolutePath();
    List<String> kept = new ArrayList<>();
    for (String entry : all.split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (!p.equals(classes) && !p.equals(testClasses)) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  private static Path jarOf(Path classes, Path jar) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void awaitPort(int port) throws InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(500);
      }
    }
    throw new AssertionError(
        "the Spark master did not listen on port " + port + " within " + STARTUP);
  }
}
