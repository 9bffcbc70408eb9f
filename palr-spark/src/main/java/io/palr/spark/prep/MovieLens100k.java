package io.palr.spark.prep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * MovieLens 100K as palr's {@code ml-100k} loader reads it: {@code u.data} (TAB-separated user,
 * item, rating, timestamp, no header), {@code u.item} as the authoritative catalogue and {@code
 * u.genre} for the genre names.
 */
public final class MovieLens100k {
  private MovieLens100k() {}

  /** The interaction source of a MovieLens 100K folder. */
  public static InteractionSource interactions(String dir) {
    TableSource t =
        new TableSource(
            List.of(dir + "/u.data"), InputFormat.CSV, "\t", false, "ISO-8859-1", false);
    return new InteractionSource(
        t,
        List.of(ColumnRef.at(0)),
        List.of(ColumnRef.at(1)),
        List.of(ColumnRef.at(3)),
        List.of(ColumnRef.at(2)));
  }

  /** The item table of a MovieLens 100K folder (genre names read here, on the driver). */
  public static ItemTable items(String dir, Configuration conf) {
    return ItemTable.movieLens100k(dir + "/u.item", genres(dir + "/u.genre", conf));
  }

  private static List<String> genres(String file, Configuration conf) {
    List<String> names = new ArrayList<>();
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return names;
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.ISO_8859_1))) {
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          String[] f = line.split("\\|", -1);
          if (f.length != 2 || !f[1].strip().equals(String.valueOf(names.size()))) {
            throw new InputException(file + ":" + n + ": expected 'name|" + names.size() + "'");
          }
          names.add(f[0].strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return names;
  }
}
