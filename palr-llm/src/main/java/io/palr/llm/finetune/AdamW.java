package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) on NDArrays, as in PyTorch's {@code torch.optim.AdamW}:
 * bias-corrected first and second moments, decoupled weight decay {@code w -= lr * wd * w} applied
 * before the Adam update, and optional clipping of the global gradient norm. Gradients are read
 * from the parameters (where backpropagation accumulated them over the micro-batches of the step)
 * and zeroed after the update.
 *
 * <p>Moments are float32 in a manager of their own; every temporary of a step lives in a
 * sub-manager closed at the end of the step, so the number of live arrays does not grow across
 * steps.
 */
final class AdamW implements AutoCloseable {
  private final List<Trainable> params;
  private final NDManager state;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final double maxGradNorm;
  private int t;

  AdamW(List<Trainable> params, FineTuneConfig config, NDManager parent) {
    this.params = List.copyOf(params);
    this.state = parent.newSubManager();
    this.beta1 = config.beta1();
    this.beta2 = config.beta2();
    this.eps = config.epsilon();
    this.weightDecay = config.weightDecay();
    this.maxGradNorm = config.maxGradNorm();
    for (Trainable p : this.params) {
      m.add(state.zeros(p.array().getShape(), DataType.FLOAT32));
      v.add(state.zeros(p.array().getShape(), DataType.FLOAT32));
    }
  }

  /** The number of updates made. */
  int steps() {
    return t;
  }

  /**
   * Clips, updates every parameter and zeroes the gradients.
   *
   * @param lr the learning rate of this step
   * @return the global gradient norm before clipping; when it is not finite the step is not applied
   *     (the gradients are zeroed, the weights and moments left as they were)
   */
  double step(double lr) {
    try (NDManager tmp = state.newSubManager()) {
      List<NDArray> grads = new ArrayList<>(params.size());
      double sq = 0;
      for (Trainable p : params) {
        NDArray g = p.array().getGradient();
        g.attach(tmp);
        grads.add(g);
        NDArray s = g.square().sum();
        sq += s.toType(DataType.FLOAT64, false).getDouble();
      }
      double norm = Math.sqrt(sq);
      if (!Double.isFinite(norm)) {
        zero(grads);
        return norm;
      }
      double clip = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / (norm + 1e-6) : 1.0;
      t++;
      double bc1 = 1 - Math.pow(beta1, t);
      double bc2 = 1 - Math.pow(beta2, t);
      double stepSize = lr / bc1;
      double sqrtBc2 = Math.sqrt(bc2);
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i).array();
        NDArray g = grads.get(i);
        NDArray gs = clip == 1.0 ? g : g.mul(clip);
        m.get(i).muli(beta1).addi(gs.mul(1 - beta1));
        v.get(i).muli(beta2).addi(gs.square().muli(1 - beta2));
        NDArray denom = keep(tmp, v.get(i).sqrt()).divi(sqrtBc2).addi(eps);
        NDArray update = keep(tmp, m.get(i).div(denom)).muli(stepSize);
        if (params.get(i).decay() && weightDecay > 0) {
          p.muli(1 - lr * weightDecay);
        }
        p.subi(update);
      }
      zero(grads);
      return norm;
    }
  }

  private static NDArray keep(NDManager tmp, NDArray a) {
    a.attach(tmp);
    return a;
  }

  private static void zero(List<NDArray> grads) {
    for (NDArray g : grads) {
      g.subi(g);
    }
  }

  /** Frees the moments. */
  @Override
  public void close() {
    state.close();
  }
}
