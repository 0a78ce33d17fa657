package io.github.qa4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models on a Hadoop file system: copied once, and wrong locations named in the failure. */
class ModelLocationTest {

  @TempDir Path tmp;

  @Test
  void tellsFileSystemPathsFromResolverNames() {
    assertThat(ModelLocation.isFileSystemPath("file:/models/bert")).isTrue();
    assertThat(ModelLocation.isFileSystemPath("hdfs://nn:8020/models/bert")).isTrue();
    assertThat(ModelLocation.isFileSystemPath("s3a://bucket/bert")).isTrue();
    assertThat(ModelLocation.isFileSystemPath("/models/bert")).isFalse();
    assertThat(ModelLocation.isFileSystemPath("bert-base-uncased")).isFalse();
    assertThat(ModelLocation.isFileSystemPath("deepset/roberta-base-squad2")).isFalse();
    assertThat(ModelLocation.isFileSystemPath("maven:g:a:1.0")).isFalse();
  }

  @Test
  void copiesAModelDirectoryOnceAndAgainWhenItChanges() throws Exception {
    Path model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("config.json"), "{}");
    Files.writeString(model.resolve("tokenizer.json"), "{}");
    Files.createDirectories(model.resolve("checkpoint-1"));
    Path local = tmp.resolve("local");
    Configuration conf = new Configuration();
    String first = ModelLocation.stage("file:" + model, conf, local);
    assertThat(Path.of(first).resolve("config.json")).hasContent("{}");
    assertThat(Path.of(first).resolve("checkpoint-1")).doesNotExist();
    assertThat(ModelLocation.stage("file:" + model, conf, local)).isEqualTo(first);
    Files.writeString(model.resolve("config.json"), "{\"changed\": 1}");
    String second = ModelLocation.stage("file:" + model, conf, local);
    assertThat(second).isNotEqualTo(first);
    assertThat(Path.of(second).resolve("config.json")).hasContent("{\"changed\": 1}");
    try (Stream<Path> left = Files.list(local)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no staging directory is left behind")
          .noneMatch(n -> n.startsWith(".staging-"));
    }
  }

  @Test
  void namesAMissingModelDirectoryBeforeAnyTaskRuns() {
    String missing = "file:" + tmp.resolve("no-such-model");
    SparkQuestionAnswerer qa = SparkQuestionAnswerer.builder().model(missing).build();
    var questions = SquadOnSpark.questions(LocalSpark.session(), java.util.List.of(), 1);
    assertThatThrownBy(() -> qa.transform(questions))
        .hasMessageContaining(missing)
        .hasMessageContaining("does not exist");
  }

  @Test
  void failsTheJobNamingACorruptModel() throws Exception {
    Path model = Files.createDirectories(tmp.resolve("corrupt-model"));
    Files.writeString(model.resolve("config.json"), "{ this is not json");
    Files.writeString(model.resolve("model.safetensors"), "garbage");
    String location = "file:" + model;
    SparkQuestionAnswerer qa = SparkQuestionAnswerer.builder().model(location).build();
    var questions = SquadOnSpark.questions(LocalSpark.session(), TinyQaModel.devV11(3), 1);
    assertThatThrownBy(() -> qa.transform(questions).collectAsList())
        .hasMessageContaining("qa4j could not load the model " + location);
  }
}
