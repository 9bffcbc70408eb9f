package io.palr.io.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Refuses an output path that would overwrite or replace an input: the output is an input, lies
 * inside an input folder, or (being a folder that is replaced as a whole) holds an input. Paths are
 * compared after resolving symbolic links.
 */
public final class OutputGuard {
  private OutputGuard() {}

  /**
   * Checks an output against the inputs of a run.
   *
   * @param output the output path
   * @param outputOption how the user named the output, e.g. {@code "-o"} or {@code "--output"}
   * @param inputs each input path by how the user named it, e.g. {@code "--data"} (keys not
   *     starting with a dash, e.g. for positional parameters, are left out of the message); null
   *     paths are skipped
   * @throws OutputPathException naming both paths and options
   */
  public static void requireSeparate(Path output, String outputOption, Map<String, Path> inputs)
      throws OutputPathException {
    Path out = real(output);
    for (Map.Entry<String, Path> e : inputs.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      Path in = real(e.getValue());
      String what = outputOption + " " + output;
      String input =
          e.getKey().startsWith("-")
              ? "given as " + e.getKey() + (e.getKey().endsWith("=") ? "" : " ") + e.getValue()
              : e.getValue().toString();
      if (out.equals(in)) {
        throw new OutputPathException(
            what + " is the input " + input + "; write to another path", output);
      }
      if (out.startsWith(in)) {
        throw new OutputPathException(
            what + " lies inside the input folder " + input + "; write elsewhere", output);
      }
      if (in.startsWith(out)) {
        throw new OutputPathException(
            what
                + " holds the input "
                + input
                + ", which replacing it would delete; write elsewhere",
            output);
      }
    }
  }

  /** The absolute path with symbolic links of its existing part resolved. */
  static Path real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    } catch (IOException e) {
      return abs;
    }
  }
}
