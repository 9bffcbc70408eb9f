package io.palr.spark;

import ai.djl.Device;
import io.palr.data.InteractionDataset;
import io.palr.retrieval.RetrievalModels;
import io.palr.retrieval.checkpoint.Checkpoints;
import io.palr.retrieval.model.SasRecConfig;
import io.palr.retrieval.train.TrainableModel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SASRec checkpoint for ML-100K (seeded initial weights: the equality tests need a neural model's
 * numbers, not a good one), written once per test JVM.
 */
public final class SasRecFixture {
  private static Path dir;

  private SasRecFixture() {}

  /** The checkpoint folder. */
  public static synchronized Path checkpoint(InteractionDataset data) throws Exception {
    if (dir == null) {
      Path d = MovieLens100kFixture.DIR.resolve("sasrec").toAbsolutePath();
      Files.createDirectories(d);
      try (TrainableModel<?> m =
          RetrievalModels.create(
              new SasRecConfig(50, 32, 2, 1, 0.2f, 0f), data.numItems(), Device.cpu(), 7L)) {
        Checkpoints.save(m, data.fingerprint(), d);
      }
      dir = d;
    }
    return dir;
  }
}
