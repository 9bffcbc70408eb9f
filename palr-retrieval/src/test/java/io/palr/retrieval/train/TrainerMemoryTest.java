package io.palr.retrieval.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.palr.retrieval.TestData;
import io.palr.retrieval.model.SasRec;
import io.palr.retrieval.model.SasRecConfig;
import org.junit.jupiter.api.Test;

/** Per-step scopes: training and scoring leave nothing behind in the parameter manager. */
class TrainerMemoryTest {
  @Test
  void noNativeArraysAccumulateAcrossEpochsOrScoring() {
    try (SasRec model =
        new SasRec(
            new SasRecConfig(20, 16, 1, 1, 0.2f, 0f),
            TestData.split().numItems(),
            Device.cpu(),
            3)) {
      int weights = model.parameters().all().size();
      TrainingResult r = new Trainer(TestData.fastTrainer(3)).fit(model, TestData.split());
      // only the weights (Adam's moments live outside the parameter manager), the same after every
      // epoch
      assertThat(r.epochs()).extracting(EpochStats::nativeArrays).containsOnly(weights);
      // scoring allocates only in its own scope
      assertThat(model.parameters().managedArrayCount()).isEqualTo(weights);
      model.scoreAll(java.util.List.of(new int[] {1, 2, 3}, new int[] {}));
      assertThat(model.parameters().managedArrayCount()).isEqualTo(weights);
    }
  }
}
