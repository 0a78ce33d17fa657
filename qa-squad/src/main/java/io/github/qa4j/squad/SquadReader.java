package io.github.qa4j.squad;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.github.qa4j.core.data.Answer;
import io.github.qa4j.core.data.CodePointOffsets;
import io.github.qa4j.core.data.QaExample;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads SQuAD v1.1 and v2.0 JSON files (optionally gzipped) as a stream: the parser holds one
 * paragraph at a time, never the whole JSON tree.
 *
 * <p>Answer offsets in the file are code point indexes; the examples carry {@link String} (UTF-16)
 * indexes. Every answer is checked against its context: {@link ValidationMode#STRICT} fails on the
 * first mismatch, {@link ValidationMode#LENIENT} skips and counts it in the {@link SquadReport}.
 */
public final class SquadReader {

  private static final int MAX_PROBLEM_LINES = 1000;

  private final ValidationMode mode;

  private SquadReader(ValidationMode mode) {
    this.mode = mode;
  }

  /** A reader that fails on the first answer that does not match its context. */
  public static SquadReader strict() {
    return new SquadReader(ValidationMode.STRICT);
  }

  /** A reader that skips and counts answers that do not match their contexts. */
  public static SquadReader lenient() {
    return new SquadReader(ValidationMode.LENIENT);
  }

  /** A reader with the given validation mode. */
  public static SquadReader of(ValidationMode mode) {
    return new SquadReader(mode);
  }

  /** This reader's validation mode. */
  public ValidationMode mode() {
    return mode;
  }

  /** Reads a whole file into memory (articles and examples, not the JSON tree). */
  public SquadDataset read(Path file) throws IOException {
    List<SquadArticle> articles = new ArrayList<>();
    SquadReport report = forEachArticle(file, articles::add);
    return new SquadDataset(articles, report);
  }

  /** Streams the examples of a file, in file order, to {@code sink}. */
  public SquadReport stream(Path file, Consumer<QaExample> sink) throws IOException {
    return forEachArticle(file, article -> article.examples().forEach(sink));
  }

  /** Streams the articles of a file, in file order, to {@code sink}. */
  public SquadReport forEachArticle(Path file, Consumer<SquadArticle> sink) throws IOException {
    try (Reader in = open(file)) {
      return new Parse(file, in, mode, true).run(sink);
    }
  }

  /** Streams the articles of JSON text from {@code in}; {@code source} names it in messages. */
  public SquadReport forEachArticle(Path source, Reader in, Consumer<SquadArticle> sink)
      throws IOException {
    return new Parse(source, in, mode, true).run(sink);
  }

  /**
   * The gold answer texts of every question, by question id in file order, as the official
   * evaluation scripts read them: all answers, in order, without checking offsets; an empty list
   * for unanswerable questions.
   */
  public static Map<String, List<String>> goldAnswers(Path file) throws IOException {
    Map<String, List<String>> gold = new LinkedHashMap<>();
    try (Reader in = open(file)) {
      new Parse(file, in, ValidationMode.STRICT, false)
          .run(
              article -> {
                for (QaExample ex : article.examples()) {
                  gold.put(ex.id(), ex.answers().stream().map(Answer::text).toList());
                }
              });
    }
    return gold;
  }

  /** Detects the version of a file by reading it (without validating answers). */
  public static SquadVersion detectVersion(Path file) throws IOException {
    try (Reader in = open(file)) {
      return new Parse(file, in, ValidationMode.STRICT, false).run(article -> {}).version();
    }
  }

  private static Reader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new SquadFormatException("SQuAD file not found: " + file);
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    InputStream in = raw;
    if (file.getFileName().toString().endsWith(".gz")) {
      try {
        in = new GZIPInputStream(raw);
      } catch (IOException e) {
        raw.close();
        throw new SquadFormatException(
            file + ": named .gz but not gzip-compressed (" + e.getMessage() + ")", e);
      }
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  private record RawAnswer(String text, int start) {}

  private record RawQuestion(
      String id, String question, List<RawAnswer> answers, boolean impossible) {}

  /** One pass over one file. */
  private static final class Parse {
    private final Path file;
    private final JsonReader json;
    private final ValidationMode mode;
    private final boolean validate;
    private final Set<String> seenIds = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private boolean v2;
    private int articles;
    private int paragraphs;
    private int questions;
    private int impossible;
    private int answers;
    private int skippedAnswers;
    private int skippedQuestions;

    Parse(Path file, Reader in, ValidationMode mode, boolean validate) {
      this.file = file;
      this.json = new JsonReader(in);
      this.mode = mode;
      this.validate = validate;
    }

    SquadReport run(Consumer<SquadArticle> sink) throws IOException {
      boolean sawData = false;
      try {
        json.beginObject();
        while (json.hasNext()) {
          String name = json.nextName();
          switch (name) {
            case "version" -> {
              if (json.peek() == JsonToken.STRING) {
                v2 |= json.nextString().startsWith("v2");
              } else {
                json.skipValue();
              }
            }
            case "data" -> {
              sawData = true;
              json.beginArray();
              while (json.hasNext()) {
                sink.accept(article());
              }
              json.endArray();
            }
            default -> json.skipValue();
          }
        }
        json.endObject();
      } catch (IllegalStateException | NumberFormatException | JsonParseException e) {
        throw new SquadFormatException(file + ": malformed SQuAD JSON: " + e.getMessage(), e);
      } catch (EOFException | MalformedJsonException e) {
        throw new SquadFormatException(file + ": malformed JSON: " + e.getMessage(), e);
      }
      if (!sawData) {
        throw new SquadFormatException(file + ": no \"data\" array at the top level");
      }
      return new SquadReport(
          file,
          v2 ? SquadVersion.V2_0 : SquadVersion.V1_1,
          articles,
          paragraphs,
          questions,
          impossible,
          answers,
          skippedAnswers,
          skippedQuestions,
          problems);
    }

    private SquadArticle article() throws IOException {
      String title = "";
      List<QaExample> examples = new ArrayList<>();
      json.beginObject();
      while (json.hasNext()) {
        switch (json.nextName()) {
          case "title" -> title = json.nextString();
          case "paragraphs" -> {
            json.beginArray();
            while (json.hasNext()) {
              paragraph(examples);
            }
            json.endArray();
          }
          default -> json.skipValue();
        }
      }
      json.endObject();
      articles++;
      // The title may follow the paragraphs in the file, so examples get it only now.
      List<QaExample> titled = new ArrayList<>(examples.size());
      for (QaExample ex : examples) {
        titled.add(
            new QaExample(
                ex.id(), title, ex.context(), ex.question(), ex.answers(), ex.impossible()));
      }
      return new SquadArticle(title, titled);
    }

    private void paragraph(List<QaExample> out) throws IOException {
      String context = null;
      List<RawQuestion> qas = new ArrayList<>();
      String where = json.getPath();
      json.beginObject();
      while (json.hasNext()) {
        switch (json.nextName()) {
          case "context" -> context = json.nextString();
          case "qas" -> {
            json.beginArray();
            while (json.hasNext()) {
              qas.add(question());
            }
            json.endArray();
          }
          default -> json.skipValue();
        }
      }
      json.endObject();
      if (context == null) {
        throw new SquadFormatException(file + ": paragraph " + where + " has no \"context\"");
      }
      paragraphs++;
      CodePointOffsets offsets = CodePointOffsets.of(context);
      for (RawQuestion q : qas) {
        QaExample ex = example(q, context, offsets);
        if (ex != null) {
          out.add(ex);
        }
      }
    }

    private RawQuestion question() throws IOException {
      String id = null;
      String question = null;
      boolean isImpossible = false;
      List<RawAnswer> raw = new ArrayList<>();
      String where = json.getPath();
      json.beginObject();
      while (json.hasNext()) {
        switch (json.nextName()) {
          case "id" -> id = json.nextString();
          case "question" -> question = json.nextString();
          case "answers" -> answers(raw, where);
          case "is_impossible" -> {
            v2 = true;
            isImpossible = json.nextBoolean();
          }
          case "plausible_answers" -> {
            v2 = true;
            json.skipValue();
          }
          default -> json.skipValue();
        }
      }
      json.endObject();
      if (id == null) {
        throw new SquadFormatException(file + ": question " + where + " has no \"id\"");
      }
      if (question == null) {
        throw new SquadFormatException(file + ": question " + id + " has no \"question\"");
      }
      return new RawQuestion(id, question, raw, isImpossible);
    }

    private void answers(List<RawAnswer> out, String where) throws IOException {
      json.beginArray();
      while (json.hasNext()) {
        String text = null;
        Integer start = null;
        json.beginObject();
        while (json.hasNext()) {
          switch (json.nextName()) {
            case "text" -> text = json.nextString();
            case "answer_start" -> start = json.nextInt();
            default -> json.skipValue();
          }
        }
        json.endObject();
        if (text == null || start == null) {
          throw new SquadFormatException(
              file + ": answer " + where + " needs both \"text\" and \"answer_start\"");
        }
        out.add(new RawAnswer(text, start));
      }
      json.endArray();
    }

    /** Validates one question; returns null when lenient mode skips it. */
    private QaExample example(RawQuestion q, String context, CodePointOffsets offsets)
        throws SquadFormatException {
      if (!seenIds.add(q.id())) {
        if (validate && mode == ValidationMode.LENIENT) {
          skip(q.id(), "duplicate question id, question skipped");
          skippedQuestions++;
          return null;
        }
        throw new SquadFormatException(file + ": duplicate question id " + q.id());
      }
      if (validate && q.answers().isEmpty() && !q.impossible() && !v2) {
        // Training on it would teach "no answer" to a v1.1 model; the evaluator refuses it too.
        String detail =
            "no answers, in a SQuAD v1.1 file (only SQuAD v2.0 questions, marked"
                + " \"is_impossible\": true, may have none)";
        if (mode == ValidationMode.STRICT) {
          throw new SquadFormatException(file + ": question " + q.id() + ": " + detail);
        }
        skip(q.id(), detail + ", question skipped");
        skippedQuestions++;
        return null;
      }
      List<Answer> kept = new ArrayList<>(q.answers().size());
      for (RawAnswer a : q.answers()) {
        Answer converted = convert(a, context, offsets);
        if (converted != null) {
          kept.add(converted);
        } else if (!validate) {
          // Gold texts are what the evaluation scripts compare against, whatever the offsets say.
          kept.add(new Answer(a.text(), 0));
        } else {
          String detail =
              String.format(
                  "answer_start %d with text \"%s\" does not match the context (%s)",
                  a.start(), a.text(), contextAt(context, offsets, a));
          if (mode == ValidationMode.STRICT) {
            throw new SquadFormatException(file + ": question " + q.id() + ": " + detail);
          }
          skip(q.id(), detail + ", answer skipped");
          skippedAnswers++;
        }
      }
      if (validate && kept.isEmpty() && !q.answers().isEmpty() && !q.impossible()) {
        skip(q.id(), "no valid answer left, question skipped");
        skippedQuestions++;
        return null;
      }
      questions++;
      answers += kept.size();
      if (q.impossible()) {
        impossible++;
      }
      return new QaExample(q.id(), "", context, q.question(), kept, q.impossible());
    }

    /** The answer with a UTF-16 start, or null when offset and text do not match the context. */
    private static Answer convert(RawAnswer a, String context, CodePointOffsets offsets) {
      if (a.start() < 0 || a.start() > offsets.codePointLength()) {
        return null;
      }
      int start = offsets.toUtf16(a.start());
      return context.startsWith(a.text(), start) ? new Answer(a.text(), start) : null;
    }

    private static String contextAt(String context, CodePointOffsets offsets, RawAnswer a) {
      if (a.start() < 0 || a.start() > offsets.codePointLength()) {
        return "the context has " + offsets.codePointLength() + " code points";
      }
      int start = offsets.toUtf16(a.start());
      int end = Math.min(context.length(), start + a.text().length());
      return "the context has \"" + context.substring(start, end) + "\" there";
    }

    private void skip(String id, String message) {
      if (problems.size() < MAX_PROBLEM_LINES) {
        problems.add("question " + id + ": " + message);
      }
    }
  }
}
