package io.github.qa4j.core.hub;

/**
 * A Maven jar artifact, written {@code maven:GROUP:ARTIFACT:VERSION}.
 *
 * @param groupId the group, such as {@code com.robrua.nlp.models}
 * @param artifactId the artifact
 * @param version the version
 */
record MavenCoordinates(String groupId, String artifactId, String version) {

  /** The prefix that marks Maven coordinates in a model name. */
  static final String PREFIX = "maven:";

  /** Parses {@code maven:GROUP:ARTIFACT:VERSION}. */
  static MavenCoordinates parse(String text) {
    String[] parts = text.substring(PREFIX.length()).split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "'" + text + "' is not Maven coordinates of the form maven:GROUP:ARTIFACT:VERSION");
    }
    for (String part : parts) {
      if (part.isEmpty() || !part.matches("[A-Za-z0-9_.-]+") || part.equals("..")) {
        throw new IllegalArgumentException(
            "'" + text + "': bad Maven coordinate part '" + part + "'");
      }
    }
    return new MavenCoordinates(parts[0], parts[1], parts[2]);
  }

  /** The jar's path inside a repository, such as {@code com/robrua/.../A/1.0.0/A-1.0.0.jar}. */
  String jarPath() {
    return groupId.replace('.', '/')
        + "/"
        + artifactId
        + "/"
        + version
        + "/"
        + artifactId
        + "-"
        + version
        + ".jar";
  }

  @Override
  public String toString() {
    return PREFIX + groupId + ":" + artifactId + ":" + version;
  }
}
