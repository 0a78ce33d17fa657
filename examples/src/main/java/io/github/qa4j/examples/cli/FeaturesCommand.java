package io.github.qa4j.examples.cli;

import com.google.gson.stream.JsonWriter;
import io.github.qa4j.core.data.CodePointOffsets;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.features.Featurizer;
import io.github.qa4j.core.features.FeaturizerCounts;
import io.github.qa4j.core.features.QaFeature;
import io.github.qa4j.core.io.AtomicFiles;
import io.github.qa4j.squad.SquadReader;
import io.github.qa4j.squad.SquadReport;
import io.github.qa4j.squad.ValidationMode;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qa features}: cuts a SQuAD file into model windows and writes one JSON object per feature,
 * so that users can see how their documents are windowed.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Featurize a SQuAD file as run_qa.py (bert) or run_qa_beam_search.py (xlnet) does and write",
      "one JSON object per window (JSONL; gzipped when the name ends in .gz). Offsets are code",
      "point [start, end] pairs into the context, null for non-context tokens."
    })
public final class FeaturesCommand implements Callable<Integer> {

  @Mixin SquadInputOptions input;

  @Mixin LayoutOption layout;

  @Mixin WindowFlags window;

  @Option(names = "--out", required = true, description = "Output FILE.jsonl or FILE.jsonl.gz.")
  Path out;

  @Option(
      names = "--lenient",
      description = "Skip and count answers that do not match their context instead of failing.")
  boolean lenient;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    input.check(spec);
    OutputGuard.of(spec)
        .input("--data", input.data)
        .input("--tokenizer", input.tokenizer)
        .output("--out", out)
        .check();
    int maxSeqLength = window.length(WindowFlags.DEFAULT_LENGTH);
    window.check(spec, maxSeqLength);
    SquadReader reader = SquadReader.of(lenient ? ValidationMode.LENIENT : ValidationMode.STRICT);
    SquadReport[] report = new SquadReport[1];
    FeaturizerCounts counts;
    try (Featurizer featurizer = featurizer(maxSeqLength)) {
      boolean gzip = out.getFileName().toString().endsWith(".gz");
      AtomicFiles.write(
          out,
          raw -> {
            GZIPOutputStream zipped = gzip ? new GZIPOutputStream(raw, 1 << 16) : null;
            Writer text =
                new OutputStreamWriter(zipped != null ? zipped : raw, StandardCharsets.UTF_8);
            // Article by article: one article's examples and features are in memory at a time.
            report[0] =
                reader.forEachArticle(
                    input.data,
                    article -> {
                      Map<String, CodePointOffsets> offsets = new HashMap<>();
                      Map<String, CodePointOffsets> byContext = new HashMap<>();
                      for (QaExample ex : article.examples()) {
                        offsets.put(
                            ex.id(), byContext.computeIfAbsent(ex.context(), CodePointOffsets::of));
                      }
                      featurizer.featurizeAll(
                          article.examples(), f -> writeLine(text, f, offsets.get(f.exampleId())));
                    });
            text.flush();
            if (zipped != null) {
              zipped.finish();
            }
          });
      counts = featurizer.counts();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    spec.commandLine()
        .getOut()
        .printf(
            "%s%nwrote %s to %s%n", report[0].summary(), counts.summary(), out.toAbsolutePath());
    return 0;
  }

  private Featurizer featurizer(int maxSeqLength) {
    return Featurizer.builder(input.tokenizer, layout.of(spec, input.tokenizer))
        .windows(window.options(maxSeqLength))
        .build();
  }

  private static void writeLine(Writer text, QaFeature f, CodePointOffsets cp) {
    try {
      // Each line is built in memory so that nothing flushes the file per feature.
      StringWriter line = new StringWriter(8192);
      JsonWriter json = new JsonWriter(line);
      json.beginObject();
      json.name("example_id").value(f.exampleId());
      array(json.name("input_ids"), f.inputIds());
      array(json.name("token_type_ids"), f.tokenTypeIds());
      array(json.name("attention_mask"), f.attentionMask());
      json.name("offsets").beginArray();
      for (int t = 0; t < f.length(); t++) {
        if (f.isContext(t)) {
          json.beginArray();
          json.value(cp.toCodePoint(f.offsetStart()[t]));
          json.value(cp.toCodePoint(f.offsetEnd()[t]));
          json.endArray();
        } else {
          json.nullValue();
        }
      }
      json.endArray();
      json.name("start_position").value(f.startPosition());
      json.name("end_position").value(f.endPosition());
      json.name("cls_index").value(f.clsIndex());
      json.name("is_impossible").value(f.impossible() ? 1 : 0);
      array(json.name("p_mask"), f.pMask());
      json.endObject();
      line.write('\n');
      text.write(line.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void array(JsonWriter json, int[] values) throws IOException {
    json.beginArray();
    for (int v : values) {
      json.value(v);
    }
    json.endArray();
  }
}
