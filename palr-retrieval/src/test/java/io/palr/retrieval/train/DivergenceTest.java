package io.palr.retrieval.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.palr.api.training.TrainingDivergedException;
import io.palr.api.training.TrainingListener;
import io.palr.api.training.TrainingStep;
import io.palr.retrieval.ModelConfig;
import io.palr.retrieval.TestData;
import io.palr.retrieval.model.BprConfig;
import io.palr.retrieval.model.BprMf;
import io.palr.retrieval.nn.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Non-finite steps are skipped with the weights untouched; too many fail the run by type. */
class DivergenceTest {
  /** A model whose loss is NaN from step {@code from} on. */
  private static final class NanAfter<B extends Batch> implements TrainableModel<B> {
    private final TrainableModel<B> model;
    private final int from;
    private int calls;

    NanAfter(TrainableModel<B> model, int from) {
      this.model = model;
      this.from = from;
    }

    @Override
    public ModelConfig config() {
      return model.config();
    }

    @Override
    public ParameterStore parameters() {
      return model.parameters();
    }

    @Override
    public BatchSampler<B> sampler(TrainingData data) {
      return model.sampler(data);
    }

    @Override
    public NDArray loss(NDManager step, B batch) {
      NDArray loss = model.loss(step, batch);
      return ++calls >= from ? loss.mul(step.create(Float.NaN)) : loss;
    }

    @Override
    public int numItems() {
      return model.numItems();
    }

    @Override
    public float[][] scoreAll(List<int[]> histories) {
      return model.scoreAll(histories);
    }

    @Override
    public void close() {
      model.close();
    }
  }

  @Test
  void moreThanFiftyNonFiniteStepsThrowTrainingDivergedWithTheWeightsUntouched() {
    try (NanAfter<?> model =
        new NanAfter<>(
            new BprMf(BprConfig.defaults(), TestData.split().numItems(), Device.cpu(), 5), 4)) {
      TrainerConfig config = TestData.fastTrainer(100).withBatchSize(512);
      List<Map<String, float[]>> lastApplied = new java.util.ArrayList<>();
      TrainingListener afterEachStep =
          new TrainingListener() {
            @Override
            public void onStep(TrainingStep s) {
              lastApplied.add(0, model.parameters().snapshot());
            }
          };
      assertThatThrownBy(() -> new Trainer(config).fit(model, TestData.split(), afterEachStep))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessageContaining("bpr diverged: more than 50 non-finite steps")
          .hasMessageEndingWith("lower the learning rate");
      // three applied steps moved the weights; the 51 NaN steps after them did not
      assertThat(lastApplied).hasSize(3);
      Map<String, float[]> after = model.parameters().snapshot();
      assertThat(after).containsOnlyKeys(lastApplied.get(0).keySet());
      after.forEach((k, v) -> assertThat(v).as(k).containsExactly(lastApplied.get(0).get(k)));
    }
  }
}
