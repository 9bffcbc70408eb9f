package io.palr.data.load;

/**
 * Converts one Python literal (a {@code repr()} of a dict, as in the 2014 Amazon metadata files:
 * {@code {'asin': 'X', 'title': "it's", 'price': 3.5}}) to strict JSON, so that Jackson can parse
 * it. Handles single- and double-quoted strings with Python escapes ({@code \'}, {@code \xe9},
 * {@code \u00e9}, octal), string prefixes ({@code u''}, {@code b''}), {@code True}/{@code
 * False}/{@code None} and tuples. Numbers and structure pass through; a malformed literal yields
 * malformed JSON, which the JSON parser then reports.
 */
final class PythonLiterals {
  private PythonLiterals() {}

  /** The JSON text for a Python literal. */
  static String toJson(String py) {
    StringBuilder out = new StringBuilder(py.length() + 16);
    int n = py.length();
    int i = 0;
    while (i < n) {
      char c = py.charAt(i);
      if (c == '\'' || c == '"') {
        i = string(py, i, out);
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(py.charAt(j)) || py.charAt(j) == '_')) {
          j++;
        }
        String word = py.substring(i, j);
        if (j < n && (py.charAt(j) == '\'' || py.charAt(j) == '"') && isStringPrefix(word)) {
          i = j; // u'...', b'...': the prefix goes, the string follows
          continue;
        }
        switch (word) {
          case "True" -> out.append("true");
          case "False" -> out.append("false");
          case "None" -> out.append("null");
          default -> out.append(word);
        }
        i = j;
      } else if (c == '(') {
        out.append('[');
        i++;
      } else if (c == ')') {
        out.append(']');
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isStringPrefix(String w) {
    return w.length() <= 2 && w.toLowerCase(java.util.Locale.ROOT).matches("[ub]|br|rb|r");
  }

  /**
   * Reads the string literal starting at the quote at {@code start}; appends it as JSON; returns
   * the next index.
   */
  private static int string(String py, int start, StringBuilder out) {
    char quote = py.charAt(start);
    int n = py.length();
    int i = start + 1;
    out.append('"');
    while (i < n) {
      char c = py.charAt(i);
      if (c == quote) {
        out.append('"');
        return i + 1;
      }
      if (c == '\\' && i + 1 < n) {
        char e = py.charAt(i + 1);
        i += 2;
        switch (e) {
          case '\\' -> out.append("\\\\");
          case '\'' -> out.append('\'');
          case '"' -> out.append("\\\"");
          case 'n' -> out.append("\\n");
          case 't' -> out.append("\\t");
          case 'r' -> out.append("\\r");
          case 'b' -> out.append("\\b");
          case 'f' -> out.append("\\f");
          case 'x' -> i = hex(py, i, 2, out);
          case 'u' -> i = hex(py, i, 4, out);
          case 'U' -> i = hex(py, i, 8, out);
          default -> {
            if (e >= '0' && e <= '7') {
              int j = i - 1;
              int v = 0;
              while (j < n && j < i + 2 && py.charAt(j) >= '0' && py.charAt(j) <= '7') {
                v = v * 8 + (py.charAt(j) - '0');
                j++;
              }
              escape(v, out);
              i = j;
            } else {
              out.append("\\\\"); // Python keeps unknown escapes literally, backslash included
              escape(e, out);
            }
          }
        }
        continue;
      }
      escape(c, out);
      i++;
    }
    return n; // unterminated: the JSON parser reports the missing quote
  }

  private static int hex(String py, int i, int digits, StringBuilder out) {
    if (i + digits > py.length()) {
      out.append("\\\\x");
      return i;
    }
    try {
      int cp = Integer.parseInt(py.substring(i, i + digits), 16);
      if (!Character.isValidCodePoint(cp)) {
        throw new NumberFormatException();
      }
      if (cp > 0xFFFF) {
        for (char ch : Character.toChars(cp)) {
          escape(ch, out);
        }
      } else {
        escape(cp, out);
      }
      return i + digits;
    } catch (NumberFormatException e) {
      out.append("\\\\");
      return i - 1; // keep the letter and digits literally
    }
  }

  private static void escape(int c, StringBuilder out) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      default -> {
        if (c < 0x20) {
          out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
        } else {
          out.append((char) c);
        }
      }
    }
  }
}
