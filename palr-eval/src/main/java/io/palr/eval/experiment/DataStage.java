package io.palr.eval.experiment;

import io.palr.data.DatasetStatistics;
import io.palr.data.InteractionDataset;
import io.palr.data.LeaveOneOutSplit;
import io.palr.eval.coldstart.ColdItems;
import java.io.IOException;

/** Stage 1: load the data set and split it leave-one-out. */
final class DataStage {
  private DataStage() {}

  static void run(ExperimentRun run) throws IOException {
    ExperimentRun.Stage st = run.stage("data");
    InteractionDataset dataset = run.config.data().load();
    run.split = LeaveOneOutSplit.of(dataset);
    run.datasetLine =
        run.config.data().name()
            + ": "
            + DatasetStatistics.of(dataset)
            + "; "
            + run.split.numUsers()
            + " users in the leave-one-out split";
    run.trainingSplit = run.split;
    if (run.config.coldItems() > 0) {
      run.cold = ColdItems.newest(dataset, run.config.coldItems());
      run.trainingSplit = run.cold.trainingSplit(run.split);
      run.notes.add("Item cold start: " + run.cold.describe(run.split));
    }
    st.done(run.datasetLine);
  }
}
