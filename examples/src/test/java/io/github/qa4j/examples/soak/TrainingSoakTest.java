package io.github.qa4j.examples.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.core.train.Checkpoints;
import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.core.train.TrainResult;
import io.github.qa4j.core.train.TrainingListener;
import io.github.qa4j.squad.SquadReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The soak run of issue 14: tiny BERT and tiny XLNet trained for thousands of steps with dropout, a
 * small heap ({@code -Psoak} runs it with {@code -Xmx256m}), {@code System.gc()} every few steps
 * and a checkpoint every few steps. Resident memory ({@code VmRSS}) is sampled at intervals; after
 * the warm-up it must not grow. Skipped by default (tag {@code soak}); the samples go to {@code
 * target/soak-MODEL.csv} and a summary line to standard output.
 *
 * <p>{@code mvn -B -ntp -Psoak -pl examples -am verify -Dtest=TrainingSoakTest
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dqa.soak.steps=N} changes the 3000 steps).
 */
@Tag("soak")
class TrainingSoakTest {

  private static final long STEPS = Long.getLong("qa.soak.steps", 3000);
  private static final long SAVE_EVERY = 25;
  private static final long GC_EVERY = 5;
  private static final long SAMPLE_EVERY = 25;

  /** Resident memory may grow by this fraction of its post-warm-up level, plus a fixed slack. */
  private static final double GROWTH = 0.05;

  private static final long SLACK_KB = 48 * 1024;

  /**
   * A leak stops the run at this resident size instead of taking a shared machine down with it
   * ({@code -Dqa.soak.maxRssMb}); the fixed run stays under 600 MB.
   */
  private static final long MAX_RSS_KB = Long.getLong("qa.soak.maxRssMb", 2048) * 1024;

  @ParameterizedTest
  @ValueSource(strings = {"bert", "xlnet"})
  void residentMemoryStaysFlat(String family) throws IOException {
    Path out = Path.of("target", "soak-" + family);
    Checkpoints.deleteAll(out);
    List<long[]> samples = new ArrayList<>();
    long started = System.nanoTime();
    TrainingListener monitor =
        new TrainingListener() {
          @Override
          public void onStepEnd(StepEnd event) {
            if (event.step() % GC_EVERY == 0) {
              System.gc();
            }
            if (event.step() % SAMPLE_EVERY == 0) {
              long seconds = (System.nanoTime() - started) / 1_000_000_000L;
              long rss = residentKb();
              samples.add(new long[] {event.step(), rss, seconds});
              if (rss > MAX_RSS_KB) {
                throw new IllegalStateException(
                    "resident memory "
                        + rss / 1024
                        + " MB at step "
                        + event.step()
                        + " is above qa.soak.maxRssMb: a leak");
              }
            }
          }

          @Override
          public void onCheckpoint(Path directory) {
            try {
              // Keep the disk use flat too: only the newest checkpoint stays.
              for (Path older : Checkpoints.list(out)) {
                if (!older.equals(directory)) {
                  deleteTree(older);
                }
              }
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };
    TrainResult result;
    try (QaTrainer trainer =
        QaTrainer.builder()
            .modelConfig(config(family), tokenizer(family))
            .head(family.equals("xlnet") ? HeadType.BEAM_SEARCH : HeadType.SPAN)
            .maxSeqLength(128)
            .stride(32)
            .batchSize(4)
            .learningRate(1e-4)
            .maxSteps(STEPS)
            .saveSteps(SAVE_EVERY)
            .loggingSteps(500)
            .seed(11)
            .outputDir(out)
            .listener(monitor)
            .build()) {
      result = trainer.train(examples());
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    assertThat(result.globalStep()).isEqualTo(STEPS);
    assertThat(result.trainingLoss()).isFinite();
    writeSamples(Path.of("target", "soak-" + family + ".csv"), samples);

    // Medians of up to 8 samples just after the warm-up (the first fifth) and at the end; short
    // runs get shorter windows so that the two never cover the same samples.
    int warm = samples.size() / 5;
    int window = Math.max(1, Math.min(8, (samples.size() - warm) / 3));
    long afterWarmUp = median(samples.subList(warm, warm + window));
    long atEnd = median(samples.subList(samples.size() - window, samples.size()));
    long peak = samples.stream().skip(warm).mapToLong(s -> s[1]).max().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "soak %s: %d steps in %d s (heap max %d MB), VmRSS after warm-up %d MB, at end %d MB,"
            + " peak %d MB, loss %.4f%n",
        family,
        STEPS,
        seconds,
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        afterWarmUp / 1024,
        atEnd / 1024,
        peak / 1024,
        result.trainingLoss());
    assertThat(atEnd)
        .as("resident memory at the end vs after warm-up (kB)")
        .isLessThanOrEqualTo((long) (afterWarmUp * (1 + GROWTH)) + SLACK_KB);
  }

  /** Tiny models with dropout 0.1 and the vocabulary of the shared tokenizers. */
  private static JsonObject config(String family) throws IOException {
    if (family.equals("bert")) {
      return read(Path.of("src/test/resources/bert-tiny-config.json"));
    }
    JsonObject xlnet = read(SharedData.model("xlnet-tiny").resolve("config.json")).deepCopy();
    xlnet.addProperty("vocab_size", 32000);
    xlnet.addProperty("dropout", 0.1);
    return xlnet;
  }

  private static Path tokenizer(String family) {
    return family.equals("bert") ? SharedData.bertTokenizer() : SharedData.xlnetTokenizer();
  }

  private static List<QaExample> examples() throws IOException {
    List<QaExample> all = SquadReader.strict().read(SharedData.devV11()).examples();
    return all.subList(0, 64);
  }

  private static JsonObject read(Path file) throws IOException {
    return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  /** This process's resident set size in kB, from {@code /proc/self/status}. */
  private static long residentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status (the soak needs Linux)");
  }

  private static long median(List<long[]> window) {
    long[] values = window.stream().mapToLong(s -> s[1]).sorted().toArray();
    return values[values.length / 2];
  }

  private static void writeSamples(Path file, List<long[]> samples) throws IOException {
    StringBuilder csv = new StringBuilder("step,vm_rss_kb,elapsed_s\n");
    samples.forEach(
        s -> csv.append(s[0]).append(',').append(s[1]).append(',').append(s[2]).append('\n'));
    Files.writeString(file, csv);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
