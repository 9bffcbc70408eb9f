package io.palr.spark.prep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.palr.data.prep.PreprocessSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code _palr.json} file of a prepared folder: how it was made and its counts.
 *
 * @param format the manifest format, {@value #FORMAT}
 * @param properties how the data was prepared (name, format, source, preprocessing, ...)
 * @param summary what each preparation step removed
 * @param malformedRows rows skipped as malformed
 * @param splitUsers users in the leave-one-out split
 * @param tooShortUsers users too short to split
 */
public record PreparedManifest(
    String format,
    Map<String, String> properties,
    PreprocessSummary summary,
    long malformedRows,
    long splitUsers,
    long tooShortUsers) {
  /** The manifest format this code writes and reads. */
  public static final String FORMAT = "palr-spark-prepared/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Copies the properties. */
  public PreparedManifest {
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  static PreparedManifest of(PrepareResult r, Map<String, String> properties) {
    return new PreparedManifest(
        FORMAT, properties, r.summary(), r.malformedRows(), r.splitUsers(), r.tooShortUsers());
  }

  /** The data set's name. */
  public String name() {
    return properties.getOrDefault("name", "data");
  }

  void write(String file, Configuration conf) {
    Path p = new Path(file);
    try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
      out.write(JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Reads the manifest of a prepared folder.
   *
   * @throws InputException if the folder has no manifest or it cannot be read
   */
  public static PreparedManifest read(String folder, Configuration conf) {
    Path p = new Path(folder, PreparedData.MANIFEST);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new InputException(
            folder
                + " is not a prepared folder (no "
                + PreparedData.MANIFEST
                + "); make one with 'palr spark prepare'");
      }
      try (InputStream in = fs.open(p)) {
        PreparedManifest m = JSON.readValue(in, PreparedManifest.class);
        if (!FORMAT.equals(m.format())) {
          throw new InputException(
              p + ": unsupported format '" + m.format() + "', expected " + FORMAT);
        }
        return m;
      }
    } catch (IOException e) {
      throw new InputException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
