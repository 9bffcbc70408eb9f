package io.palr.spark.prep;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A column of an input file: by header name (case-insensitive) or by 0-based index (headerless
 * CSV).
 *
 * @param name the column name, or null when given by index
 * @param index the 0-based index, or -1 when given by name
 */
public record ColumnRef(String name, int index) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates the components. */
  public ColumnRef {
    if ((name == null) == (index < 0)) {
      throw new IllegalArgumentException("a column has either a name or an index >= 0");
    }
  }

  /** A column by name. */
  public static ColumnRef named(String name) {
    return new ColumnRef(name, -1);
  }

  /** A column by 0-based index. */
  public static ColumnRef at(int index) {
    return new ColumnRef(null, index);
  }

  /** A column as typed: a number is an index, anything else a name. */
  public static ColumnRef parse(String s) {
    return s.chars().allMatch(Character::isDigit) && !s.isEmpty()
        ? at(Integer.parseInt(s))
        : named(s);
  }

  /** The Spark column this refers to among {@code columns}, if present. */
  Optional<String> resolve(List<String> columns, boolean positional) {
    if (index >= 0) {
      String c = "_c" + index;
      return positional && columns.contains(c) ? Optional.of(c) : Optional.empty();
    }
    for (String c : columns) {
      if (c.strip().toLowerCase(Locale.ROOT).equals(name.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name != null ? "'" + name + "'" : "#" + index;
  }
}
