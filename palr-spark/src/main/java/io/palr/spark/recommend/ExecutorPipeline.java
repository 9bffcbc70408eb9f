package io.palr.spark.recommend;

import io.palr.api.Recommendation;
import io.palr.api.UserHistory;
import io.palr.data.Catalog;
import java.util.List;

/** What a batch recommendation task needs from the pipeline its executor built. */
public interface ExecutorPipeline extends AutoCloseable {
  /** The catalogue the pipeline recommends from. */
  Catalog catalog();

  /** Recommendations for consecutive users, in input order. */
  List<Recommendation> recommendAll(List<UserHistory> histories, int k);

  /** Releases the pipeline (native memory, threads, connections). */
  @Override
  void close();
}
