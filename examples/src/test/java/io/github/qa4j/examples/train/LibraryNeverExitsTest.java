package io.github.qa4j.examples.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.qa4j.core.train.QaTrainer;
import io.github.qa4j.metrics.SquadEvaluator;
import io.github.qa4j.models.torch.TorchCheckpoint;
import io.github.qa4j.squad.SquadReader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's promise that the library "never calls {@code System.exit}": no class of qa-core,
 * qa-metrics, qa-squad or qa-models refers to {@code System.exit}, {@code Runtime.exit} or {@code
 * Runtime.halt} (a call, or a method reference, is a {@code Methodref} in the class's constant
 * pool). Only the command-line programs in {@code examples} end the JVM.
 */
class LibraryNeverExitsTest {

  private static final List<String> FORBIDDEN =
      List.of("java/lang/System.exit", "java/lang/Runtime.exit", "java/lang/Runtime.halt");

  @Test
  void noLibraryClassReferencesExitOrHalt() throws IOException, URISyntaxException {
    List<String> offenders = new ArrayList<>();
    int classes = 0;
    for (Class<?> module :
        List.of(QaTrainer.class, SquadEvaluator.class, SquadReader.class, TorchCheckpoint.class)) {
      Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (NamedClass c : classesIn(location)) {
        classes++;
        for (String ref : methodRefs(c.bytes())) {
          if (FORBIDDEN.contains(ref)) {
            offenders.add(c.name() + " -> " + ref);
          }
        }
      }
    }
    assertThat(classes).as("classes scanned").isGreaterThan(100);
    assertThat(offenders).isEmpty();
  }

  @Test
  void theScanFindsTheCommandLinesExit() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/io/github/qa4j/examples/cli/QaCommand.class")) {
      assertThat(methodRefs(in.readAllBytes())).contains("java/lang/System.exit");
    }
  }

  private record NamedClass(String name, byte[] bytes) {}

  private static List<NamedClass> classesIn(Path location) throws IOException {
    List<NamedClass> found = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        for (Path f :
            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
          found.add(new NamedClass(location.relativize(f).toString(), Files.readAllBytes(f)));
        }
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
          if (e.getName().endsWith(".class")) {
            try (InputStream in = jar.getInputStream(e)) {
              found.add(new NamedClass(e.getName(), in.readAllBytes()));
            }
          }
        }
      }
    }
    return found;
  }

  /**
   * Every {@code Methodref} and {@code InterfaceMethodref} of a class file as {@code owner.name},
   * read from its constant pool (JVM specification, section 4.4).
   */
  static List<String> methodRefs(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    int[][] nameAndTypes = new int[count][];
    List<int[]> refs = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames[i] = in.readUnsignedShort();
        case 10, 11 -> refs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
        case 12 -> nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 3, 4, 9, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++; // longs and doubles take two entries
        }
        case 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        default -> throw new IOException("constant pool tag " + tag + " at entry " + i);
      }
    }
    List<String> names = new ArrayList<>(refs.size());
    for (int[] ref : refs) {
      names.add(utf8[classNames[ref[0]]] + "." + utf8[nameAndTypes[ref[1]][0]]);
    }
    return names;
  }
}
