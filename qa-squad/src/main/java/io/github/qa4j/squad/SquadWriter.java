package io.github.qa4j.squad;

import com.google.gson.stream.JsonWriter;
import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.CodePointOffsets;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes SQuAD-format JSON atomically (a reader sees the old file or the whole new one). Answer
 * offsets are written as code point indexes, as SQuAD uses them; a {@code .gz} name is gzipped.
 * Consecutive questions of an article with the same context form one paragraph. Version 2.0 files
 * carry {@code is_impossible} on every question; {@code plausible_answers} are not kept by the
 * reader and so are not written.
 */
public final class SquadWriter {

  private SquadWriter() {}

  /** Writes a dataset in its own version. */
  public static void write(Path target, SquadDataset dataset) throws IOException {
    write(target, dataset.articles(), dataset.version());
  }

  /** Writes articles in the given version. */
  public static void write(Path target, List<SquadArticle> articles, SquadVersion version)
      throws IOException {
    boolean gzip = target.getFileName().toString().endsWith(".gz");
    AtomicFiles.write(
        target,
        raw -> {
          GZIPOutputStream zipped = gzip ? new GZIPOutputStream(raw, 1 << 16) : null;
          Writer text =
              new OutputStreamWriter(zipped != null ? zipped : raw, StandardCharsets.UTF_8);
          JsonWriter json = new JsonWriter(text);
          writeJson(json, articles, version);
          json.flush();
          if (zipped != null) {
            zipped.finish();
          }
        });
  }

  private static void writeJson(JsonWriter json, List<SquadArticle> articles, SquadVersion version)
      throws IOException {
    json.beginObject();
    json.name("version").value(version.label());
    json.name("data").beginArray();
    for (SquadArticle article : articles) {
      json.beginObject();
      json.name("title").value(article.title());
      json.name("paragraphs").beginArray();
      List<QaExample> examples = article.examples();
      int i = 0;
      while (i < examples.size()) {
        String context = examples.get(i).context();
        CodePointOffsets offsets = CodePointOffsets.of(context);
        json.beginObject();
        json.name("context").value(context);
        json.name("qas").beginArray();
        for (; i < examples.size() && examples.get(i).context().equals(context); i++) {
          writeQuestion(json, examples.get(i), offsets, version);
        }
        json.endArray();
        json.endObject();
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private static void writeQuestion(
      JsonWriter json, QaExample ex, CodePointOffsets offsets, SquadVersion version)
      throws IOException {
    json.beginObject();
    json.name("id").value(ex.id());
    json.name("question").value(ex.question());
    json.name("answers").beginArray();
    for (Answer a : ex.answers()) {
      json.beginObject();
      json.name("text").value(a.text());
      json.name("answer_start").value(offsets.toCodePoint(a.start()));
      json.endObject();
    }
    json.endArray();
    if (version == SquadVersion.V2_0) {
      json.name("is_impossible").value(ex.impossible());
    } else if (ex.impossible()) {
      throw new IllegalArgumentException(
          "question " + ex.id() + " is unanswerable, which SQuAD v1.1 cannot express; write v2.0");
    }
    json.endObject();
  }
}
