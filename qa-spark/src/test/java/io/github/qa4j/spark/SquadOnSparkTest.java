package io.github.qa4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.testing.SharedData;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.metrics.SquadV1Result;
import io.github.qa4j.squad.SquadArticle;
import io.github.qa4j.squad.SquadReader;
import io.github.qa4j.squad.SquadVersion;
import io.github.qa4j.squad.SquadWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQuAD evaluation with predictions from Spark equals the single-machine evaluation. */
class SquadOnSparkTest {

  @TempDir Path tmp;

  /** The first 80 questions of dev v1.1 as a SQuAD file of their own. */
  static Path smallDevFile(Path dir) throws Exception {
    SquadArticle first = SquadReader.strict().read(SharedData.devV11()).articles().get(0);
    Path file = dir.resolve("dev-small.json");
    SquadWriter.write(
        file,
        List.of(new SquadArticle(first.title(), first.examples().subList(0, 80))),
        SquadVersion.V1_1);
    return file;
  }

  @Test
  void scoresSparkPredictionsAsTheSingleMachineOnes() throws Exception {
    Path file = smallDevFile(tmp);
    SparkQuestionAnswerer qa =
        SparkQuestionAnswerer.builder()
            .model("file:" + TinyQaModel.dir())
            .maxSeqLength(TinyQaModel.LENGTH)
            .stride(TinyQaModel.STRIDE)
            .build();
    SquadOnSpark.Evaluation onSpark = SquadOnSpark.evaluate(LocalSpark.session(), file, qa, 3);

    Map<String, String> expected = SparkTestSupport.singleMachinePredictions(file);
    SquadV1Result reference = SquadEvaluator.evaluateV1(SquadReader.goldAnswers(file), expected);

    assertThat(onSpark.predictions()).containsExactlyEntriesOf(expected);
    assertThat(onSpark.result()).isInstanceOf(SquadV1Result.class);
    SquadV1Result result = (SquadV1Result) onSpark.result();
    assertThat(result.exactMatch()).isEqualTo(reference.exactMatch());
    assertThat(result.f1()).isEqualTo(reference.f1());
    assertThat(result.total()).isEqualTo(80);
  }
}
