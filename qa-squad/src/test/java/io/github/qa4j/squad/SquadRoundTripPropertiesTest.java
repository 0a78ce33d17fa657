package io.github.qa4j.squad;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Writing and reading back keeps every example, with non-BMP text around the answers. */
class SquadRoundTripPropertiesTest {

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of("a", "é", " ", "😀", "𝄞", "中", "\"", "\\", "\n", "z", "Q")
        .list()
        .ofMinSize(1)
        .ofMaxSize(60)
        .map(l -> String.join("", l));
  }

  @Property(tries = 200)
  void writerThenReaderKeepsExamples(
      @ForAll("texts") String context,
      @ForAll("texts") String question,
      @ForAll int a,
      @ForAll int b,
      @ForAll boolean v2)
      throws IOException {
    int s = boundary(context, Math.floorMod(a, context.length()));
    int e = Math.max(s, boundary(context, s + Math.floorMod(b, context.length() - s + 1)));
    List<QaExample> examples = new ArrayList<>();
    examples.add(
        new QaExample(
            "q1", "T", context, question, List.of(new Answer(context.substring(s, e), s)), false));
    if (v2) {
      examples.add(new QaExample("q2", "T", context, question, List.of(), true));
    }
    Path dir = Files.createTempDirectory("squad-roundtrip");
    try {
      Path file = dir.resolve("d.json");
      SquadWriter.write(
          file,
          List.of(new SquadArticle("T", examples)),
          v2 ? SquadVersion.V2_0 : SquadVersion.V1_1);
      SquadDataset back = SquadReader.strict().read(file);
      assertThat(back.examples()).isEqualTo(examples);
      assertThat(back.version()).isEqualTo(v2 ? SquadVersion.V2_0 : SquadVersion.V1_1);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  private static int boundary(String text, int i) {
    return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i)) ? i - 1 : i;
  }
}
