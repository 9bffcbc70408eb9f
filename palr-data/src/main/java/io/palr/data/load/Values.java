package io.palr.data.load;

import io.palr.data.DatasetFormatException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * Parsing of field values, raising the caller's located exception on failure. Public so that other
 * readers of interaction data (palr-spark) parse exactly as the loaders do.
 */
public final class Values {
  private Values() {}

  /** A {@code long}, or the caller's error. */
  public static long parseLong(String s, Supplier<DatasetFormatException> error)
      throws DatasetFormatException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw error.get();
    }
  }

  /** A finite {@code float}, or the caller's error. */
  public static float parseFloat(String s, Supplier<DatasetFormatException> error)
      throws DatasetFormatException {
    if (s.length() == 1 && s.charAt(0) >= '0' && s.charAt(0) <= '9') {
      return s.charAt(0) - '0'; // the common case of star ratings, without the general parser
    }
    try {
      float f = Float.parseFloat(s);
      if (Float.isNaN(f) || Float.isInfinite(f)) {
        throw error.get();
      }
      return f;
    } catch (NumberFormatException e) {
      throw error.get();
    }
  }

  /**
   * A timestamp: an integer (seconds since the epoch, or any order key), a decimal (floored), or an
   * ISO-8601 instant, date-time (taken as UTC) or date, converted to epoch seconds.
   */
  public static long parseTimestamp(String s, Supplier<DatasetFormatException> error)
      throws DatasetFormatException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException ignored) {
      // fall through to decimals and the ISO forms
    }
    if (!s.isEmpty()
        && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-')
        && s.indexOf('-', 1) < 0) {
      try {
        double d = Double.parseDouble(s);
        if (Double.isFinite(d) && Math.abs(d) < 9.2e18) {
          return (long) Math.floor(d);
        }
      } catch (NumberFormatException ignored) {
        // not a decimal either
      }
      throw error.get();
    }
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      }
      if (s.endsWith("Z") || s.contains("+")) {
        return Instant.parse(s).getEpochSecond();
      }
      return LocalDateTime.parse(s).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw error.get();
    }
  }
}
