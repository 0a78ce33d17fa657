package io.github.qa4j.core.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A {@link TrainingListener} that draws a progress bar with throughput and ETA on one console line
 * and prints each loss-log entry on its own line.
 */
public final class ConsoleProgress implements TrainingListener {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private long startNanos;
  private long startStep;
  private boolean lineOpen;

  /** Draws on {@code out}, for example {@code System.err}. */
  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    startNanos = System.nanoTime();
    startStep = event.startStep();
    out.printf(
        Locale.ROOT,
        "training: %d questions, %d windows, %d steps on %d device(s)%s%n",
        event.examples(),
        event.features(),
        event.totalSteps(),
        event.devices(),
        event.startStep() > 0 ? ", resuming at step " + event.startStep() : "");
  }

  @Override
  public void onStepEnd(StepEnd e) {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    long done = e.step() - startStep;
    double perStep = done > 0 ? elapsed / done : 0;
    long eta = Math.round(perStep * (e.totalSteps() - e.step()));
    int filled = (int) (WIDTH * e.step() / Math.max(1, e.totalSteps()));
    String bar =
        "=".repeat(filled)
            + (filled < WIDTH ? ">" : "")
            + " ".repeat(Math.max(0, WIDTH - filled - 1));
    out.printf(
        Locale.ROOT,
        "\r[%s] %d/%d loss %.4f  %.1f windows/s  ETA %s ",
        bar,
        e.step(),
        e.totalSteps(),
        e.loss(),
        e.samplesPerSecond(),
        format(Duration.ofSeconds(eta)));
    lineOpen = true;
    out.flush();
  }

  @Override
  public void onLog(LogEntry entry) {
    endLine();
    out.printf(
        Locale.ROOT,
        "{'loss': %.4f, 'grad_norm': %.4f, 'learning_rate': %.3e, 'epoch': %.2f, 'step': %d}%n",
        entry.loss(),
        entry.gradNorm(),
        entry.learningRate(),
        entry.epoch(),
        entry.step());
  }

  @Override
  public void onCheckpoint(java.nio.file.Path directory) {
    endLine();
    out.println("saved checkpoint " + directory);
  }

  @Override
  public void onTrainEnd(TrainResult result) {
    endLine();
    out.printf(
        Locale.ROOT,
        "training %s after %d steps: loss %.4f, %.1f s, %.2f windows/s%n",
        result.cancelled() ? "cancelled" : "done",
        result.globalStep(),
        result.trainingLoss(),
        result.runtimeSeconds(),
        result.samplesPerSecond());
  }

  @Override
  public void onEvaluationProgress(long done, long total) {
    out.printf(Locale.ROOT, "\revaluating: %d/%d windows ", done, total);
    lineOpen = true;
    out.flush();
  }

  @Override
  public void onEvaluate(EvalResult result) {
    endLine();
  }

  private void endLine() {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
  }

  private static String format(Duration d) {
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
  }
}
