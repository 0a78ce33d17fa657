package io.github.qa4j.squad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SquadDatasetTest {

  @TempDir Path dir;

  @Test
  void splitByArticleIsSeededDisjointAndComplete() throws IOException {
    SquadDataset dev = SquadReader.strict().read(SharedData.devV11());

    SquadDataset.ArticleSplit a = dev.splitByArticle(0.25, 7);
    SquadDataset.ArticleSplit b = dev.splitByArticle(0.25, 7);
    SquadDataset.ArticleSplit c = dev.splitByArticle(0.25, 8);

    assertThat(a.eval().articles()).hasSize(12);
    assertThat(a.train().articles()).hasSize(36);
    assertThat(a.eval().articles()).isEqualTo(b.eval().articles());
    assertThat(titles(a.eval())).isNotEqualTo(titles(c.eval()));
    Set<String> all = new HashSet<>(titles(a.train()));
    assertThat(all).doesNotContainAnyElementsOf(titles(a.eval()));
    all.addAll(titles(a.eval()));
    assertThat(all).hasSize(48);
    assertThat(a.train().report().questions() + a.eval().report().questions()).isEqualTo(10_570);
    assertThat(a.train().examples()).hasSize(a.train().report().questions());
  }

  @Test
  void writerRoundTripsNonBmpOffsetsAndImpossibleQuestions(@TempDir Path tmp) throws IOException {
    String context = "𝄞 clef 😀 then text";
    QaExample answerable =
        new QaExample(
            "q1",
            "Music",
            context,
            "which?",
            List.of(new Answer("then", context.indexOf("then"))),
            false);
    QaExample impossible = new QaExample("q2", "Music", context, "nothing?", List.of(), true);
    QaExample other = new QaExample("q3", "Music", "second paragraph", "q", List.of(), true);
    SquadArticle article = new SquadArticle("Music", List.of(answerable, impossible, other));

    Path out = tmp.resolve("out.json.gz");
    SquadWriter.write(out, List.of(article), SquadVersion.V2_0);
    SquadDataset back = SquadReader.strict().read(out);

    assertThat(back.version()).isEqualTo(SquadVersion.V2_0);
    assertThat(back.articles()).containsExactly(article);
    assertThat(back.report().paragraphs()).isEqualTo(2);
    assertThat(Files.list(tmp)).containsExactly(out);

    Path plain = tmp.resolve("out.json");
    SquadWriter.write(
        plain, List.of(new SquadArticle("Music", List.of(answerable))), SquadVersion.V1_1);
    // The code point offset of "then" is 2 less than its UTF-16 index: two non-BMP characters.
    assertThat(Files.readString(plain))
        .contains("\"answer_start\":" + (context.indexOf("then") - 2));
    assertThatThrownBy(() -> SquadWriter.write(plain, List.of(article), SquadVersion.V1_1))
        .hasMessageContaining("q2");
  }

  @Test
  void writerReproducesTheDevSet() throws IOException {
    SquadDataset dev = SquadReader.strict().read(SharedData.devV20());
    Path out = dir.resolve("dev.json");
    SquadWriter.write(out, dev);
    SquadDataset back = SquadReader.strict().read(out);
    assertThat(back.articles()).isEqualTo(dev.articles());
    assertThat(back.report().paragraphs()).isEqualTo(dev.report().paragraphs());
  }

  private static List<String> titles(SquadDataset d) {
    return d.articles().stream().map(SquadArticle::title).toList();
  }
}
