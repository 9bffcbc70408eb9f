package io.palr.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The full forward supports autograd: LoRA matrices on the projections receive gradients and can be
 * trained.
 */
class DifferentiableForwardTest {

  @Test
  void loraAdaptersReceiveGradientsAndReduceTheLoss() {
    LlamaConfig c = new LlamaConfig(32, 48, 2, 4, 2, 8, 40, 32, 1e-5, 10000, true, 1, 2);
    try (LlamaModel model = RandomLlama.create(c, Device.cpu(), 5);
        NDManager train = model.manager().newSubManager()) {
      for (LlamaLayer l : model.layers()) {
        for (Linear lin : java.util.List.of(l.q(), l.v())) {
          NDArray a =
              train.randomNormal(
                  0, 0.1f, new Shape(4, lin.inFeatures()), ai.djl.ndarray.types.DataType.FLOAT32);
          NDArray b = train.zeros(new Shape(lin.outFeatures(), 4));
          a.setRequiresGradient(true);
          b.setRequiresGradient(true);
          lin.addAdapter(new LoraAdapter(a, b, 2f));
        }
      }
      int[] seq = {1, 5, 9, 13, 17, 21, 25, 29, 33, 37, 3, 7};
      int[] in = java.util.Arrays.copyOf(seq, seq.length - 1);
      int[] target = java.util.Arrays.copyOfRange(seq, 1, seq.length);
      float first = 0;
      float last = 0;
      for (int it = 0; it < 8; it++) {
        try (NDManager step = train.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray logits = model.forward(step.create(in, new Shape(1, in.length)), null);
          NDArray idx =
              step.create(target, new Shape(1, target.length, 1))
                  .toType(ai.djl.ndarray.types.DataType.INT64, false);
          NDArray loss = logits.logSoftmax(2).gather(idx, 2).mean().neg();
          gc.backward(loss);
          float value = loss.getFloat();
          if (it == 0) {
            first = value;
          }
          last = value;
        }
        // optimizer step outside the collector, as DJL trainers do
        for (Linear lin : model.linears().values()) {
          for (LoraAdapter ad : lin.adapters()) {
            if (it == 0) {
              assertThat(ad.b().getGradient().abs().sum().getFloat()).isPositive();
            }
            ad.a().subi(ad.a().getGradient().mul(0.5f));
            ad.b().subi(ad.b().getGradient().mul(0.5f));
          }
        }
      }
      assertThat(last).isLessThan(first);
    }
  }
}
