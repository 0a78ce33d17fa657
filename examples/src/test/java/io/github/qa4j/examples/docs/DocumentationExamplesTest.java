package io.github.qa4j.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the Java examples users copy: the README's {@code ```java} blocks and every {@code
 * <pre>{@code ...}</pre>} example in the Javadoc of the library modules, each as the body of a
 * method with every qa4j package imported. An example that no longer compiles against the API fails
 * here.
 */
class DocumentationExamplesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> LIBRARIES =
      List.of("qa-metrics", "qa-core", "qa-squad", "qa-models");
  private static final Pattern MARKDOWN_JAVA =
      Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern JAVADOC_PRE =
      Pattern.compile("<pre>\\{@code\\n(.*?)\\n\\s*\\*\\s*}</pre>", Pattern.DOTALL);

  @Test
  void readmeExamplesCompile(@TempDir Path tmp) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    List<Snippet> snippets = new ArrayList<>();
    Matcher m = MARKDOWN_JAVA.matcher(readme);
    while (m.find()) {
      snippets.add(new Snippet("README.md block " + (snippets.size() + 1), m.group(1)));
    }
    assertThat(snippets).as("the README shows how to embed qa4j").isNotEmpty();
    assertCompiles(snippets, tmp);
  }

  @Test
  void javadocExamplesCompile(@TempDir Path tmp) throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    for (String module : LIBRARIES) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          Matcher m = JAVADOC_PRE.matcher(Files.readString(file, StandardCharsets.UTF_8));
          while (m.find()) {
            String code = m.group(1).replaceAll("(?m)^\\s*\\* ?", "");
            snippets.add(new Snippet(ROOT.relativize(file).toString(), code));
          }
        }
      }
    }
    assertThat(snippets).as("the trainer and the answerer show an example").hasSizeGreaterThan(1);
    assertCompiles(snippets, tmp);
  }

  private static void assertCompiles(List<Snippet> snippets, Path out) throws IOException {
    List<String> imports = qa4jPackages();
    List<JavaFileObject> sources = new ArrayList<>();
    for (int i = 0; i < snippets.size(); i++) {
      sources.add(snippets.get(i).asClass("Example" + i, imports));
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter output = new StringWriter();
    boolean ok =
        compiler
            .getTask(
                output,
                null,
                diagnostics,
                List.of(
                    "-d",
                    out.toString(),
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-proc:none"),
                null,
                sources)
            .call();
    StringBuilder report = new StringBuilder();
    diagnostics
        .getDiagnostics()
        .forEach(
            d ->
                report
                    .append(d.getSource() == null ? "" : d.getSource().getName())
                    .append(':')
                    .append(d.getLineNumber())
                    .append(": ")
                    .append(d.getMessage(Locale.ROOT))
                    .append('\n'));
    assertThat(ok).as("examples compile:\n%s%s", report, output).isTrue();
  }

  /** Every package of the library modules, for wildcard imports. */
  private static List<String> qa4jPackages() throws IOException {
    TreeSet<String> packages = new TreeSet<>();
    for (String module : LIBRARIES) {
      Path src = ROOT.resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(src)) {
        files
            .filter(f -> f.getFileName().toString().endsWith(".java"))
            .forEach(f -> packages.add(src.relativize(f.getParent()).toString().replace('/', '.')));
      }
    }
    return List.copyOf(packages);
  }

  /** One example, from where it was found. */
  private record Snippet(String origin, String code) {
    JavaFileObject asClass(String name, List<String> packages) {
      StringBuilder source = new StringBuilder();
      source.append("// ").append(origin).append('\n');
      for (String p : packages) {
        source.append("import ").append(p).append(".*;\n");
      }
      source.append("import java.nio.file.*;\nimport java.util.*;\n");
      source.append("class ").append(name).append(" {\n");
      source.append("  void example() throws Exception {\n").append(code).append("\n  }\n}\n");
      URI uri = URI.create("string:///" + name + ".java");
      return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      };
    }
  }
}
