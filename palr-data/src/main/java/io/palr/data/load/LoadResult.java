package io.palr.data.load;

import io.palr.data.DatasetStatistics;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.data.prep.PreprocessSummary;
import java.util.Objects;

/**
 * The outcome of a load: the prepared data set, its statistics, what preprocessing removed and what
 * the loader met in the input.
 *
 * @param dataset the prepared data set
 * @param statistics its statistics
 * @param preprocessing what each preprocessing step removed
 * @param report lines read, records accepted, problems per kind
 */
public record LoadResult(
    InteractionDataset dataset,
    DatasetStatistics statistics,
    PreprocessSummary preprocessing,
    LoadReport report) {

  /** Validates the components. */
  public LoadResult {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(statistics, "statistics");
    Objects.requireNonNull(preprocessing, "preprocessing");
    Objects.requireNonNull(report, "report");
  }

  /** The leave-one-out split of the data set. */
  public LeaveOneOutSplit split() {
    return LeaveOneOutSplit.of(dataset);
  }

  /** A multi-line summary for a CLI. */
  @Override
  public String toString() {
    String nl = System.lineSeparator();
    return "data set '"
        + dataset.name()
        + "': "
        + statistics
        + nl
        + "preprocessing: "
        + preprocessing
        + nl
        + "input: "
        + report;
  }
}
