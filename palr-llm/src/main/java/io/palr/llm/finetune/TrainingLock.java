package io.palr.llm.finetune;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JVM-wide guard around gradient recording: the PyTorch engine supports one {@link
 * GradientCollector} at a time (its grad mode is process state), so palr allows one training run
 * per JVM and one collector inside it. A second attempt fails fast with a clear message instead of
 * corrupting the first run's gradients.
 */
final class TrainingLock {
  private static final AtomicBoolean TRAINING = new AtomicBoolean();
  private static final AtomicBoolean COLLECTING = new AtomicBoolean();

  private TrainingLock() {}

  /** Marks the start of a training run; the returned handle ends it. */
  static AutoCloseable acquireRun() {
    if (!TRAINING.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "another fine-tuning run is in progress in this JVM (one at a time: the engine"
              + " records gradients process-wide)");
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        TRAINING.set(false);
      }
    };
  }

  /** Opens the gradient collector of one micro-batch. */
  static GradientCollector collector(NDManager manager) {
    if (!COLLECTING.compareAndSet(false, true)) {
      throw new IllegalStateException("a gradient collector is already open in this JVM");
    }
    GradientCollector inner;
    try {
      inner = manager.getEngine().newGradientCollector();
    } catch (RuntimeException e) {
      COLLECTING.set(false);
      throw e;
    }
    return new GradientCollector() {
      private boolean closed;

      @Override
      public void backward(ai.djl.ndarray.NDArray target) {
        inner.backward(target);
      }

      @Override
      public void zeroGradients() {
        inner.zeroGradients();
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          try {
            inner.close();
          } finally {
            COLLECTING.set(false);
          }
        }
      }
    };
  }
}
