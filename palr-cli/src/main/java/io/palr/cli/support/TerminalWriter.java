package io.palr.cli.support;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Escapes control characters on their way to a terminal, so that text from data files, model output
 * or server bodies cannot move the cursor, recolour or clear the screen: C0 controls other than tab
 * and newline (and, unless kept for progress bars, carriage return), DEL, C1 controls and the
 * Unicode bidirectional overrides become {@code \\uXXXX}. JSON output is unaffected: it never holds
 * raw control characters.
 */
public final class TerminalWriter extends FilterWriter {
  private final boolean keepCarriageReturn;

  /**
   * An escaping writer.
   *
   * @param out where the text goes
   * @param keepCarriageReturn whether {@code \r} passes (for progress bars on standard error)
   */
  public TerminalWriter(Writer out, boolean keepCarriageReturn) {
    super(out);
    this.keepCarriageReturn = keepCarriageReturn;
  }

  /** Whether a character is escaped. */
  static boolean escaped(char c, boolean keepCarriageReturn) {
    if (c == '\n' || c == '\t' || (c == '\r' && keepCarriageReturn)) {
      return false;
    }
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  /** The text with control characters escaped (carriage returns too). */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (escaped(c, false)) {
        if (sb == null) {
          sb = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }

  @Override
  public void write(int c) throws IOException {
    if (escaped((char) c, keepCarriageReturn)) {
      out.write(String.format(Locale.ROOT, "\\u%04x", c));
    } else {
      out.write(c);
    }
  }

  @Override
  public void write(char[] cbuf, int off, int len) throws IOException {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (escaped(cbuf[i], keepCarriageReturn)) {
        out.write(cbuf, start, i - start);
        out.write(String.format(Locale.ROOT, "\\u%04x", (int) cbuf[i]));
        start = i + 1;
      }
    }
    out.write(cbuf, start, off + len - start);
  }

  @Override
  public void write(String str, int off, int len) throws IOException {
    write(str.toCharArray(), off, len);
  }
}
