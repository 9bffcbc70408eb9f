package io.palr.spark.recommend;

import io.palr.api.UserHistory;
import io.palr.api.llm.LanguageModel;
import io.palr.api.scoring.ItemScorer;
import io.palr.core.pipeline.Palr;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an executor builds once from a {@link PipelineFactory}: the data set's catalogue and split,
 * the retrieval model, the optional LLM and the {@link Palr} pipeline over them. Closing it closes
 * the pipeline, the model's native memory and the LLM.
 */
public final class PalrPipeline implements ExecutorPipeline {
  private final InteractionDataset dataset;
  private final LeaveOneOutSplit split;
  private final ItemScorer scorer;
  private final LanguageModel llm;
  private final Palr palr;
  private volatile boolean closed;

  PalrPipeline(
      InteractionDataset dataset,
      LeaveOneOutSplit split,
      ItemScorer scorer,
      LanguageModel llm,
      Palr palr) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.split = Objects.requireNonNull(split, "split");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.llm = llm;
    this.palr = Objects.requireNonNull(palr, "palr");
  }

  /** The data set the model belongs to. */
  public InteractionDataset dataset() {
    return dataset;
  }

  /** Its leave-one-out split. */
  public LeaveOneOutSplit split() {
    return split;
  }

  /** The retrieval model. */
  public ItemScorer scorer() {
    return scorer;
  }

  /** The pipeline. */
  public Palr palr() {
    return palr;
  }

  @Override
  public io.palr.data.Catalog catalog() {
    return dataset.catalog();
  }

  @Override
  public List<io.palr.api.Recommendation> recommendAll(List<UserHistory> histories, int k) {
    return palr.recommendAll(histories, k);
  }

  /** Whether {@link #close()} has run. */
  public boolean isClosed() {
    return closed;
  }

  /** Histories of catalogue indices as palr's value types. */
  public List<UserHistory> histories(List<String> userIds, List<int[]> sequences) {
    List<UserHistory> out = new ArrayList<>(userIds.size());
    for (int i = 0; i < userIds.size(); i++) {
      out.add(InteractionDataset.toHistory(userIds.get(i), sequences.get(i), dataset.catalog()));
    }
    return out;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      palr.close();
    } finally {
      try {
        scorer.close();
      } finally {
        if (llm != null) {
          llm.close();
        }
      }
    }
  }
}
