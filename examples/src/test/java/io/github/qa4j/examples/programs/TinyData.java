package io.github.qa4j.examples.programs;

import ai.djl.Device;
import io.github.qa4j.core.data.QaExample;
import io.github.qa4j.core.model.HeadType;
import io.github.qa4j.core.model.QaModel;
import io.github.qa4j.core.model.QaModels;
import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.squad.SquadArticle;
import io.github.qa4j.squad.SquadReader;
import io.github.qa4j.squad.SquadVersion;
import io.github.qa4j.squad.SquadWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Tiny inputs for the example programs' tests. */
final class TinyData {

  static final Path BERT_CONFIG = Path.of("src/test/resources/bert-tiny-memorize-config.json");

  private TinyData() {}

  /** The first {@code questions} questions of the SQuAD v1.1 dev set, as a SQuAD file. */
  static Path squadFile(Path dir, int questions) throws IOException {
    List<QaExample> examples =
        SquadReader.strict().read(SharedData.devV11()).examples().subList(0, questions);
    Path file = dir.resolve("tiny-" + questions + ".json");
    SquadWriter.write(
        file, List.of(new SquadArticle("Super_Bowl_50", examples)), SquadVersion.V1_1);
    return file;
  }

  /**
   * A randomly initialized tiny BERT saved as a model folder with bert-base-uncased's tokenizer.
   */
  static Path modelFolder(Path dir) throws IOException {
    Path folder = dir.resolve("tiny-bert");
    try (QaModel model =
        QaModels.create(QaModels.readConfig(BERT_CONFIG), HeadType.SPAN, 3, Device.cpu())) {
      model.save(folder);
    }
    Files.copy(SharedData.bertTokenizer(), folder.resolve("tokenizer.json"));
    return folder;
  }
}
