package io.palr.spark.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Users in batches of consecutive indices, so that an executor scores a whole batch in one model
 * call: {@link #assign} numbers and orders the batches, {@link #map} turns each batch of a
 * partition into output rows, lazily.
 */
public final class UserBatches {
  /** The column holding a row's batch number. */
  public static final String COLUMN = "_batch";

  private UserBatches() {}

  /**
   * Numbers the rows' batches ({@code index / batchSize}) and orders them so that each batch lies
   * whole and consecutive in one partition.
   *
   * @param users the rows
   * @param indexColumn a column of consecutive user indices from 0
   * @param batchSize users per batch
   * @param partitions partitions of the result
   */
  public static Dataset<Row> assign(
      Dataset<Row> users, String indexColumn, int batchSize, int partitions) {
    return users
        .withColumn(COLUMN, floor(col(indexColumn).divide(lit(batchSize))))
        .repartitionByRange(partitions, col(COLUMN))
        .sortWithinPartitions(col(COLUMN), col(indexColumn));
  }

  /**
   * The rows {@code perBatch} makes of each batch of {@code input} (consecutive rows with the same
   * batch number), computed one batch at a time as the result is read.
   */
  public static Iterator<Row> map(Iterator<Row> input, Function<List<Row>, List<Row>> perBatch) {
    return new Iterator<>() {
      private List<Row> pending = List.of();
      private int next;
      private Row carry;

      @Override
      public boolean hasNext() {
        while (next == pending.size()) {
          if (carry == null && !input.hasNext()) {
            return false;
          }
          pending = perBatch.apply(nextBatch());
          next = 0;
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.get(next++);
      }

      private List<Row> nextBatch() {
        List<Row> batch = new ArrayList<>();
        long batchNo = -1;
        while (carry != null || input.hasNext()) {
          Row r = carry != null ? carry : input.next();
          carry = null;
          long b = r.getLong(r.fieldIndex(COLUMN));
          if (batchNo >= 0 && b != batchNo) {
            carry = r;
            break;
          }
          batchNo = b;
          batch.add(r);
        }
        return batch;
      }
    };
  }
}
