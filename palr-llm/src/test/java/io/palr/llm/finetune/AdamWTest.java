package io.palr.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.palr.llm.load.LlamaModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AdamW against a hand computation: clipping, bias correction, decoupled weight decay, gradient
 * reset.
 */
class AdamWTest {
  @Test
  void matchesReferenceUpdates() {
    double lr = 0.1;
    double wd = 0.5;
    double b1 = 0.9;
    double b2 = 0.99;
    double eps = 1e-8;
    double clipNorm = 1.0;
    FineTuneConfig cfg =
        FineTuneConfig.builder()
            .betas(b1, b2)
            .epsilon(eps)
            .weightDecay(wd)
            .maxGradNorm(clipNorm)
            .build();
    double[][] coefficients = {{3, -4}, {0.5, 0.25}};
    double[] p = {1, -2};
    double[] m = new double[2];
    double[] v = new double[2];
    try (NDManager manager = NDManager.newBaseManager(LlamaModels.ENGINE)) {
      NDArray param = manager.create(new float[] {1f, -2f});
      param.setRequiresGradient(true);
      try (AdamW opt = new AdamW(List.of(new Trainable("p", param, true)), cfg, manager)) {
        for (int t = 1; t <= 2; t++) {
          double[] c = coefficients[t - 1];
          try (NDManager step = manager.newSubManager();
              GradientCollector gc = Engine.getEngine(LlamaModels.ENGINE).newGradientCollector()) {
            // loss = c . p, so the gradient is c
            gc.backward(step.create(new float[] {(float) c[0], (float) c[1]}).mul(param).sum());
          }
          double norm = opt.step(lr);
          double expectedNorm = Math.hypot(c[0], c[1]);
          assertThat(norm).isCloseTo(expectedNorm, within(1e-5));
          double clip = expectedNorm > clipNorm ? clipNorm / (expectedNorm + 1e-6) : 1;
          for (int i = 0; i < 2; i++) {
            double g = c[i] * clip;
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            double mh = m[i] / (1 - Math.pow(b1, t));
            double vh = v[i] / (1 - Math.pow(b2, t));
            p[i] = p[i] * (1 - lr * wd) - lr * mh / (Math.sqrt(vh) + eps);
          }
          float[] got = param.toFloatArray();
          assertThat((double) got[0]).as("step %d", t).isCloseTo(p[0], within(1e-5));
          assertThat((double) got[1]).as("step %d", t).isCloseTo(p[1], within(1e-5));
          try (NDArray grad = param.getGradient()) {
            assertThat(grad.toFloatArray()).containsOnly(0f);
          }
        }
      }
    }
  }
}
