package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.palr.llm.load.LlamaModels;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The loss reads response positions only, batches mask padding, and the collector guard holds. */
class ResponseLossTest {
  static final int VOCAB = 11;

  @Test
  void collateScoresResponseAndEosOnlyAndMasksPadding() {
    TokenizedExample a =
        new TokenizedExample(new int[] {1, 5, 6, 7, 8, 2}, 4); // prompt 1 5 6 7, response 8, EOS
    TokenizedExample b =
        new TokenizedExample(new int[] {1, 9, 3, 4, 2}, 2); // prompt 1 9, response 3 4, EOS
    SftBatch batch = SftBatch.collate(List.of(a, b), 0);
    assertThat(batch.length()).isEqualTo(5);
    assertThat(batch.inputs()).containsExactly(1, 5, 6, 7, 8, 1, 9, 3, 4, 0);
    assertThat(batch.targets()).containsExactly(5, 6, 7, 8, 2, 9, 3, 4, 2, 0);
    assertThat(batch.weights()).containsExactly(0, 0, 0, 1, 1, 0, 1, 1, 1, 0);
    assertThat(batch.attention()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 0);
    assertThat(batch.scoredTokens()).isEqualTo(5);
    assertThat(batch.realTokens()).isEqualTo(9);
  }

  @Test
  void promptAndPaddingPositionsGetNoGradientAndDoNotChangeTheLoss() {
    TokenizedExample a = new TokenizedExample(new int[] {1, 5, 6, 7, 8, 2}, 4);
    TokenizedExample b = new TokenizedExample(new int[] {1, 9, 3, 4, 2}, 2);
    SftBatch batch = SftBatch.collate(List.of(a, b), 0);
    Random random = new Random(1);
    float[] values = new float[2 * 5 * VOCAB];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    try (NDManager m = NDManager.newBaseManager(LlamaModels.ENGINE)) {
      NDArray logits = m.create(values, new Shape(2, 5, VOCAB));
      logits.setRequiresGradient(true);
      double loss;
      float[] grad;
      try (GradientCollector gc = Engine.getEngine(LlamaModels.ENGINE).newGradientCollector()) {
        NDArray l = ResponseLoss.summedNll(logits, batch);
        gc.backward(l);
        loss = l.getFloat();
        grad = logits.getGradient().toFloatArray();
      }
      double expected = 0;
      for (int pos = 0; pos < 10; pos++) {
        double rowGrad = 0;
        for (int v = 0; v < VOCAB; v++) {
          rowGrad += Math.abs(grad[pos * VOCAB + v]);
        }
        if (batch.weights()[pos] == 0f) {
          assertThat(rowGrad).as("position %d (prompt/padding)", pos).isEqualTo(0.0);
        } else {
          assertThat(rowGrad).as("position %d (response)", pos).isGreaterThan(0.0);
          expected -= logSoftmax(values, pos, (int) batch.targets()[pos]);
        }
      }
      assertThat(loss).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));

      float[] changed = values.clone();
      for (int pos = 0; pos < 10; pos++) {
        if (batch.weights()[pos] == 0f) {
          for (int v = 0; v < VOCAB; v++) {
            changed[pos * VOCAB + v] += 5f * (float) random.nextGaussian();
          }
        }
      }
      double lossChanged =
          ResponseLoss.summedNll(m.create(changed, new Shape(2, 5, VOCAB)), batch).getFloat();
      assertThat(lossChanged).isCloseTo(loss, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  private static double logSoftmax(float[] v, int pos, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < VOCAB; i++) {
      max = Math.max(max, v[pos * VOCAB + i]);
    }
    double sum = 0;
    for (int i = 0; i < VOCAB; i++) {
      sum += Math.exp(v[pos * VOCAB + i] - max);
    }
    return v[pos * VOCAB + target] - max - Math.log(sum);
  }

  @Test
  void onlyOneCollectorAtATime() {
    try (NDManager m = NDManager.newBaseManager(LlamaModels.ENGINE);
        GradientCollector first = TrainingLock.collector(m)) {
      assertThatThrownBy(() -> TrainingLock.collector(m))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already open");
    }
    try (NDManager m = NDManager.newBaseManager(LlamaModels.ENGINE);
        GradientCollector again = TrainingLock.collector(m)) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  void onlyOneTrainingRunAtATime() throws Exception {
    try (AutoCloseable run = TrainingLock.acquireRun()) {
      assertThatThrownBy(TrainingLock::acquireRun)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in progress");
    }
    TrainingLock.acquireRun().close();
  }
}
