package io.palr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code palr} in-process with captured output. */
final class Cli {
  private Cli() {}

  /** What a run produced. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Small synthetic data for fast tests. */
  static final String[] SMALL = {
    "--synthetic", "--synthetic-users", "150", "--synthetic-franchises", "30"
  };

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = PalrCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  static String[] concat(String[] a, String... b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
