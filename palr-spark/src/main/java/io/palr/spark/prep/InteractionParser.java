package io.palr.spark.prep;

import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import io.palr.data.load.Values;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Parses selected interaction columns (user, item, timestamp, rating, corrupt record, file, block,
 * sequence; all text but the last three) into typed rows with exactly palr's loaders' rules ({@link
 * Values}); a row that does not parse keeps its position and gets an error message instead.
 */
final class InteractionParser implements MapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String userField;
  private final String itemField;
  private final String tsField;
  private final String ratingField;

  InteractionParser(String userField, String itemField, String tsField, String ratingField) {
    this.userField = userField;
    this.itemField = itemField;
    this.tsField = tsField;
    this.ratingField = ratingField;
  }

  @Override
  public Row call(Row in) {
    return parse(in);
  }

  Row parse(Row in) {
    String user = in.getString(0);
    String item = in.getString(1);
    String ts = in.getString(2);
    String rating = in.getString(3);
    String corrupt = in.getString(4);
    String file = in.getString(5);
    long block = in.getLong(6);
    long seq = in.getLong(7);
    String error = null;
    long t = 0;
    Float r = null;
    if (corrupt != null) {
      error = "not a valid record: '" + abbreviate(corrupt) + "'";
    } else if (user == null || item == null) {
      error =
          "missing "
              + (user == null ? "user" : "item")
              + " field '"
              + (user == null ? userField : itemField)
              + "'";
    } else if (user.isBlank() || item.isBlank()) {
      error = "field '" + (user.isBlank() ? userField : itemField) + "': empty id";
    } else {
      try {
        if (tsField != null) {
          if (ts == null) {
            throw new IllegalStateException("missing timestamp field '" + tsField + "'");
          }
          t = Values.parseTimestamp(ts.strip(), () -> invalid(tsField, "not a timestamp", ts));
        }
        if (ratingField != null) {
          if (rating == null) {
            throw new IllegalStateException("missing rating field '" + ratingField + "'");
          }
          r = Values.parseFloat(rating.strip(), () -> invalid(ratingField, "not a number", rating));
        }
      } catch (DatasetFormatException | IllegalStateException e) {
        error = e.getMessage();
      }
    }
    return RowFactory.create(
        error == null ? user.strip() : user,
        error == null ? item.strip() : item,
        t,
        r,
        file,
        block,
        seq,
        error);
  }

  private static DatasetFormatException invalid(String field, String what, String value) {
    return new DatasetFormatException(
        ProblemKind.INVALID_VALUE, null, 0, field, what + ": '" + value + "'");
  }

  static String abbreviate(String s) {
    String one = s.replace("\n", "\\n").replace("\t", "\\t");
    return one.length() <= 80 ? one : one.substring(0, 77) + "...";
  }
}
