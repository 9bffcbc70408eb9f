package io.palr.spark.prep;

import io.palr.api.Item;
import io.palr.data.Catalog;
import io.palr.data.InteractionDataset;
import io.palr.data.snapshot.DatasetSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Converts a prepared folder into palr's in-memory {@link InteractionDataset} and its snapshot
 * file, for data that fits one JVM (then every single-JVM command can use it: {@code palr train},
 * {@code evaluate}, ...). Rows stream to the driver one partition at a time, in index order.
 */
public final class SnapshotConverter {
  private SnapshotConverter() {}

  /** The data set of a prepared folder. */
  public static InteractionDataset toDataset(SparkSession spark, PreparedData data) {
    List<Item> items = new ArrayList<>();
    Iterator<Row> it = data.items(spark).orderBy(PreparedData.ITEM_IDX).toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      if (r.getInt(r.fieldIndex(PreparedData.ITEM_IDX)) != items.size()) {
        throw new InputException(data.path() + ": item indices are not dense at " + items.size());
      }
      items.add(item(r));
    }
    int n = Math.toIntExact(data.manifest().summary().interactions());
    int[] seq = new int[n];
    long[] ts = new long[n];
    List<String> userIds = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    offsets.add(0);
    int pos = 0;
    Iterator<Row> users = data.sequences(spark).orderBy(PreparedData.USER_IDX).toLocalIterator();
    while (users.hasNext()) {
      Row r = users.next();
      if (r.getInt(r.fieldIndex(PreparedData.USER_IDX)) != userIds.size()) {
        throw new InputException(data.path() + ": user indices are not dense at " + userIds.size());
      }
      userIds.add(r.getString(r.fieldIndex(PreparedData.USER_ID)));
      List<Integer> is = r.getList(r.fieldIndex(PreparedData.ITEMS));
      List<Long> tss = r.getList(r.fieldIndex(PreparedData.TIMESTAMPS));
      if (pos + is.size() > n) {
        throw new InputException(data.path() + ": more interactions than the manifest's " + n);
      }
      for (int i = 0; i < is.size(); i++) {
        seq[pos] = is.get(i);
        ts[pos] = tss.get(i);
        pos++;
      }
      offsets.add(pos);
    }
    if (pos != n) {
      throw new InputException(data.path() + ": " + pos + " interactions, the manifest says " + n);
    }
    return InteractionDataset.ofArrays(
        data.manifest().name(),
        Catalog.of(items),
        userIds,
        offsets.stream().mapToInt(Integer::intValue).toArray(),
        seq,
        ts);
  }

  /** Writes the snapshot of a prepared folder (atomically); returns the data set written. */
  public static InteractionDataset write(SparkSession spark, PreparedData data, Path file)
      throws IOException {
    InteractionDataset d = toDataset(spark, data);
    Map<String, String> props = new LinkedHashMap<>(data.manifest().properties());
    props.put("prepared_with", "palr-spark " + data.path());
    DatasetSnapshot.write(new DatasetSnapshot(d, props), file);
    return d;
  }

  /** The catalogue item of an items-table row. */
  static Item item(Row r) {
    Item.Builder b = Item.builder(r.getString(r.fieldIndex(PreparedData.ITEM_ID)));
    b.title(r.getString(r.fieldIndex("title")));
    List<String> genres = r.getList(r.fieldIndex("genres"));
    if (genres != null) {
      genres.forEach(b::genre);
    }
    int brand = r.fieldIndex("brand");
    if (!r.isNullAt(brand)) {
      b.brand(r.getString(brand));
    }
    int year = r.fieldIndex("year");
    if (!r.isNullAt(year)) {
      b.year(r.getInt(year));
    }
    Map<String, String> attrs = r.getJavaMap(r.fieldIndex("attributes"));
    if (attrs != null) {
      attrs.forEach(b::attribute);
    }
    return b.build();
  }
}
