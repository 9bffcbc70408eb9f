package io.palr.retrieval.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * {@link Layers#scale} must keep its factor alive until backward: DJL's own {@code mul(Number)}
 * frees the factor's buffer right after the op, and a garbage collection before backward then makes
 * the gradient read freed memory.
 */
class LayersScaleTest {
  @Test
  void gradientOfAScaledArraySurvivesAGarbageCollectionBeforeBackward() {
    try (NDManager base = NDManager.newBaseManager()) {
      for (int round = 0; round < 5; round++) {
        try (NDManager step = base.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray x = step.create(new float[] {1f, 2f, 3f, 4f});
          x.setRequiresGradient(true);
          NDArray loss = Layers.scale(x.mul(x), 2.5).sum();
          churnAndCollect(step);
          gc.backward(loss);
          float[] grad = x.getGradient().toFloatArray();
          for (int i = 0; i < grad.length; i++) {
            assertThat(grad[i])
                .as("d/dx 2.5 x^2 at x=%d, round %d", i + 1, round)
                .isEqualTo(5f * (i + 1));
          }
        }
      }
    }
  }

  /**
   * Allocates and drops many small direct-buffer arrays and collects garbage, so freed buffers get
   * reused.
   */
  private static void churnAndCollect(NDManager m) {
    for (int i = 0; i < 200; i++) {
      m.create(new float[] {123456f}).close();
    }
    System.gc();
    for (int i = 0; i < 200; i++) {
      try (NDArray junk = m.create(new float[] {-9999f})) {
        junk.getFloat();
      }
    }
  }
}
