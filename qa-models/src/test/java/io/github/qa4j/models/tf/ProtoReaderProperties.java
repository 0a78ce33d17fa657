package io.github.qa4j.models.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ProtoReaderProperties {

  @Property
  void varintsRoundTrip(@ForAll long a, @ForAll long b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TestBundles.varint(out, a);
    TestBundles.varint(out, b);
    ProtoReader r = new ProtoReader(out.toByteArray());
    assertThat(r.readVarint()).isEqualTo(a);
    assertThat(r.readVarint()).isEqualTo(b);
    assertThat(r.hasMore()).isFalse();
  }

  @Property
  void maskingIsReversible(@ForAll int crc) {
    assertThat(Crc32c.unmask(Crc32c.mask(crc))).isEqualTo(crc);
  }

  @Test
  void knownVarintEncodings() throws IOException {
    assertThat(new ProtoReader(new byte[] {(byte) 0xac, 0x02}).readVarint()).isEqualTo(300);
    assertThat(new ProtoReader(new byte[] {0x01}).readVarint()).isEqualTo(1);
  }

  @Test
  void truncatedInputIsAnError() {
    assertThatThrownBy(() -> new ProtoReader(new byte[] {(byte) 0x80}).readVarint())
        .hasMessageContaining("truncated varint");
    assertThatThrownBy(
            () -> {
              ProtoReader r = new ProtoReader(new byte[] {0x0a, 0x05, 1});
              r.readKey();
              r.readMessage();
            })
        .hasMessageContaining("runs past the message");
  }

  @Test
  void crc32cOfTheCheckString() {
    byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(Crc32c.of(check, 0, check.length)).isEqualTo(0xe3069283);
  }
}
