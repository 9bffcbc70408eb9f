package io.palr.spark.prep;

import io.palr.spark.io.OutputFolder;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A folder written by {@link SparkPreparer}: three Parquet tables and a manifest.
 *
 * <ul>
 *   <li>{@value #SEQUENCES}: {@code user_idx, user_id, items (array<int>), timestamps
 *       (array<long>)}, each user's item indices oldest first, users in palr's dense order;
 *   <li>{@value #SPLIT}: {@code split_idx, user_idx, user_id, train (array<int>), validation,
 *       test}, the leave-one-out split of users with at least 3 interactions;
 *   <li>{@value #ITEMS_TABLE}: {@code item_idx, item_id, title, genres, brand, year, attributes},
 *       the catalogue in index order;
 *   <li>{@value #MANIFEST}: {@link PreparedManifest}.
 * </ul>
 *
 * @param path the folder
 * @param manifest its manifest
 */
public record PreparedData(String path, PreparedManifest manifest) {
  /** The sequences table's folder. */
  public static final String SEQUENCES = "sequences";

  /** The split table's folder. */
  public static final String SPLIT = "split";

  /** The items table's folder. */
  public static final String ITEMS_TABLE = "items";

  /** The manifest file. */
  public static final String MANIFEST = "_palr.json";

  /** Dense user index column. */
  public static final String USER_IDX = "user_idx";

  /** Dense item index column. */
  public static final String ITEM_IDX = "item_idx";

  /** External user id column. */
  public static final String USER_ID = Rows.USER;

  /** External item id column. */
  public static final String ITEM_ID = Rows.ITEM;

  /** Item index sequence column. */
  public static final String ITEMS = "items";

  /** Timestamp sequence column. */
  public static final String TIMESTAMPS = "timestamps";

  /** Split user index column. */
  public static final String SPLIT_IDX = "split_idx";

  /** Training items column. */
  public static final String TRAIN = "train";

  /** Validation target column. */
  public static final String VALIDATION = "validation";

  /** Test target column. */
  public static final String TEST = "test";

  /** Validates the components. */
  public PreparedData {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(manifest, "manifest");
  }

  /**
   * Opens a prepared folder.
   *
   * @throws InputException if it is not one
   */
  public static PreparedData open(SparkSession spark, String path) {
    return new PreparedData(
        path, PreparedManifest.read(path, spark.sparkContext().hadoopConfiguration()));
  }

  /** The sequences table. */
  public Dataset<Row> sequences(SparkSession spark) {
    return spark.read().parquet(OutputFolder.literal(path + "/" + SEQUENCES));
  }

  /** The leave-one-out split table. */
  public Dataset<Row> split(SparkSession spark) {
    return spark.read().parquet(OutputFolder.literal(path + "/" + SPLIT));
  }

  /** The items table. */
  public Dataset<Row> items(SparkSession spark) {
    return spark.read().parquet(OutputFolder.literal(path + "/" + ITEMS_TABLE));
  }
}
