package io.palr.data.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import io.palr.data.load.CsvInteractionReader.Column;
import io.palr.data.prep.RawInteractions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Loads Amazon review data as users download it (McAuley et al., 2014 and 2018 releases), gzip or
 * plain (detected by magic bytes):
 *
 * <ul>
 *   <li>interactions: the "ratings only" CSV without header, {@code user,item,rating,timestamp}
 *       (2014 layout; use {@link #itemFirst()} for the 2018 {@code item,user,rating,timestamp}
 *       layout), or review JSON lines with {@code reviewerID}, {@code asin}, {@code overall},
 *       {@code unixReviewTime} (told apart by content);
 *   <li>optional metadata ({@link #metadata(Path)}): JSON lines with {@code asin} and {@code title}
 *       (plus {@code brand} and categories), strict JSON or the Python-literal style of the 2014
 *       files. Only the items surviving preprocessing are kept, so a multi-gigabyte metadata file
 *       streams through in memory bounded by the surviving items.
 * </ul>
 */
public final class AmazonLoader extends DatasetLoader<AmazonLoader> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path ratings;
  private Path metadata;
  private boolean itemFirst;
  private boolean decodeHtml = true;

  AmazonLoader(Path ratings) {
    super(fileStem(ratings, "amazon"));
    this.ratings = Objects.requireNonNull(ratings, "ratings");
  }

  /** Sets the metadata file (JSON lines with {@code asin} and {@code title}). */
  public AmazonLoader metadata(Path file) {
    this.metadata = Objects.requireNonNull(file, "file");
    return this;
  }

  /** The ratings CSV has the 2018 column order {@code item,user,rating,timestamp}. */
  public AmazonLoader itemFirst() {
    this.itemFirst = true;
    return this;
  }

  /**
   * Whether to decode HTML character references in titles (<code>&amp;amp;</code>); default true.
   */
  public AmazonLoader decodeHtmlEntities(boolean on) {
    this.decodeHtml = on;
    return this;
  }

  @Override
  ItemSource readInteractions(RawInteractions raw, ProblemCollector problems) throws IOException {
    if (startsWithBrace(ratings)) {
      readReviews(raw, problems);
    } else {
      List<Column> user = List.of(Column.at(itemFirst ? 1 : 0));
      List<Column> item = List.of(Column.at(itemFirst ? 0 : 1));
      new CsvInteractionReader(ratings, StandardCharsets.UTF_8, ',', false)
          .read(
              new CsvInteractionReader.Mapping(
                  user, item, List.of(Column.at(3)), List.of(Column.at(2))),
              raw,
              problems);
    }
    return metadata == null ? ItemSource.none() : ItemSource.fromFile(metadata, decodeHtml);
  }

  private static boolean startsWithBrace(Path file) throws IOException {
    try (InputStream in = Inputs.open(file)) {
      int b;
      do {
        b = in.read();
      } while (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB
          || b == 0xBF);
      return b == '{';
    }
  }

  private void readReviews(RawInteractions raw, ProblemCollector problems) throws IOException {
    try (LineSource src = new LineSource(ratings, StandardCharsets.UTF_8, problems)) {
      String line;
      while ((line = src.next()) != null) {
        try {
          JsonNode n;
          try {
            n = JSON.readTree(line);
          } catch (JsonProcessingException e) {
            try {
              n = JSON.readTree(PythonLiterals.toJson(line));
            } catch (JsonProcessingException e2) {
              throw src.error(
                  ProblemKind.INVALID_VALUE, null, "not a JSON object: " + e.getOriginalMessage());
            }
          }
          String user = text(n, "reviewerID", src);
          String item = text(n, "asin", src);
          JsonNode t = n.get("unixReviewTime");
          if (t == null || !t.canConvertToLong()) {
            throw src.error(
                ProblemKind.INVALID_VALUE, "unixReviewTime", "missing or not an integer");
          }
          JsonNode r = n.get("overall");
          if (r != null && !r.isNumber()) {
            throw src.error(ProblemKind.INVALID_VALUE, "overall", "not a number: " + r);
          }
          raw.add(
              raw.userKey(user),
              raw.itemKey(item),
              t.asLong(),
              r == null ? Float.NaN : (float) r.asDouble());
          problems.accepted();
        } catch (DatasetFormatException e) {
          problems.report(e);
        }
      }
    }
  }

  private static String text(JsonNode n, String field, LineSource src)
      throws DatasetFormatException {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw src.error(ProblemKind.MALFORMED_RECORD, field, "missing");
    }
    return v.asText().strip();
  }

  @Override
  Path interactionFile() {
    return ratings;
  }
}
