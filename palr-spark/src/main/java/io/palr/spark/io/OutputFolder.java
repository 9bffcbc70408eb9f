package io.palr.spark.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output folder written through a temporary sibling: a job writes everything into {@link
 * #staging()}, and {@link #commit()} renames it to the final path, replacing what was there only
 * then. A failed or interrupted job leaves the previous output intact (call {@link #abort()} to
 * remove the staging folder). Works on any Hadoop file system (local, HDFS, ...); on object stores
 * without atomic rename the replacement is a copy, and docs/spark.md says so.
 */
public final class OutputFolder {
  private final FileSystem fs;
  private final Path target;
  private final Path staging;

  private OutputFolder(FileSystem fs, Path target, Path staging) {
    this.fs = fs;
    this.target = target;
    this.staging = staging;
  }

  /**
   * Prepares to write {@code path}.
   *
   * @param path the final output folder (a local path or a file system URI)
   * @param conf the Hadoop configuration, e.g. {@code spark.sparkContext().hadoopConfiguration()}
   */
  public static OutputFolder of(String path, Configuration conf) {
    Objects.requireNonNull(path, "path");
    try {
      Path target = new Path(path);
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      if (fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
        throw new IllegalArgumentException(path + " exists and is not a folder");
      }
      Path parent = target.getParent();
      Path staging =
          new Path(
              parent,
              "." + target.getName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
      return new OutputFolder(fs, target, staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare output " + path, e);
    }
  }

  /** Where the job writes (a sibling of the final folder). */
  public String staging() {
    return staging.toString();
  }

  /** A child of the staging folder. */
  public String staging(String child) {
    return new Path(staging, child).toString();
  }

  /** The final folder. */
  public String target() {
    return target.toString();
  }

  /**
   * A path of this job's own output in a form Spark reads literally: Hadoop takes {@code [ ] { } *
   * ?} in a path as a glob, so they are escaped (an output named {@code recs-local[2]} is a folder,
   * not a pattern).
   */
  public static String literal(String path) {
    return path.replaceAll("([\\[\\]{}*?])", "\\\\$1");
  }

  /** Moves the staging folder to the final path, replacing the previous output. */
  public void commit() {
    try {
      Path old = null;
      if (fs.exists(target)) {
        old =
            new Path(
                target.getParent(),
                "." + target.getName() + ".old-" + UUID.randomUUID().toString().substring(0, 8));
        if (!fs.rename(target, old)) {
          throw new IOException("cannot move the previous output aside to " + old);
        }
      }
      if (!fs.rename(staging, target)) {
        if (old != null) {
          fs.rename(old, target);
        }
        throw new IOException("cannot rename " + staging + " to " + target);
      }
      if (old != null) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit output " + target, e);
    }
  }

  /** Removes the staging folder (after a failure); never throws. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException | RuntimeException ignored) {
      // best effort: the previous output is intact either way
    }
  }
}
