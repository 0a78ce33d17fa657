package io.github.qa4j.core.hub;

import com.google.common.base.Stopwatch;
import com.google.common.base.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one download into its file and logs how far it got: at most every {@link #INTERVAL} while
 * it runs, and once when it ends. A model download is hundreds of megabytes; without this the first
 * run sits silent for minutes.
 */
final class DownloadProgress {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadProgress.class);

  /** How often a running download reports. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final String what;
  private final long total;
  private final Stopwatch stopwatch;
  private long bytes;
  private Duration nextReport = INTERVAL;

  /**
   * @param what the file, for messages
   * @param alreadyHave bytes already on disk (a resumed download)
   * @param total the whole file's length, or -1 when the server does not say
   */
  DownloadProgress(String what, long alreadyHave, long total, Ticker ticker) {
    this.what = what;
    this.bytes = alreadyHave;
    this.total = total;
    this.stopwatch = Stopwatch.createStarted(ticker);
  }

  DownloadProgress(String what, long alreadyHave, long total) {
    this(what, alreadyHave, total, Ticker.systemTicker());
  }

  /** Copies {@code in} to {@code out} to its end, reporting on the way. */
  void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
      bytes += n;
      Duration elapsed = stopwatch.elapsed();
      if (elapsed.compareTo(nextReport) >= 0) {
        nextReport = elapsed.plus(INTERVAL);
        LOG.info("{}: {}", what, describe(bytes, total));
      }
    }
    LOG.info("{}: downloaded {} in {}", what, describe(bytes, total), stopwatch);
  }

  /** Bytes on disk so far, counting those that were there before. */
  long bytes() {
    return bytes;
  }

  /** {@code "12.3 MB of 408.0 MB (3%)"}, or {@code "12.3 MB"} when the total is unknown. */
  static String describe(long bytes, long total) {
    String have = megabytes(bytes);
    if (total <= 0) {
      return have;
    }
    return String.format(
        Locale.ROOT, "%s of %s (%d%%)", have, megabytes(total), Math.round(100.0 * bytes / total));
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
