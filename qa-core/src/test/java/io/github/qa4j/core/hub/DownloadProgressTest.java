package io.github.qa4j.core.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {

  @Test
  void describesBytesAgainstTheTotalWhenKnown() {
    assertThat(DownloadProgress.describe(12_345_678, 408_000_000))
        .isEqualTo("12.3 MB of 408.0 MB (3%)");
    assertThat(DownloadProgress.describe(408_000_000, 408_000_000))
        .isEqualTo("408.0 MB of 408.0 MB (100%)");
    assertThat(DownloadProgress.describe(1_500_000, -1)).isEqualTo("1.5 MB");
  }

  @Test
  void copiesEveryByteAndCountsThoseAlreadyOnDisk() throws IOException {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    // A clock that jumps 2 s at every reading: several reports on the way, none skipped bytes.
    Ticker ticker =
        new Ticker() {
          private long nanos;

          @Override
          public long read() {
            nanos += 2_000_000_000L;
            return nanos;
          }
        };
    DownloadProgress progress = new DownloadProgress("model.safetensors", 1000, 301_000, ticker);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    progress.copy(new ByteArrayInputStream(data), out);
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(progress.bytes()).isEqualTo(301_000);
  }
}
