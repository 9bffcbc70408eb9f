package io.palr.llm.finetune;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What a fine-tuning method trains, and how it is bound into the model's forward and saved. */
interface TrainableSet extends AutoCloseable {
  /** The trained arrays. */
  List<Trainable> parameters();

  /**
   * Makes the model compute with the current master weights for one forward pass; called inside the
   * gradient collector, so casts to a half-precision compute type are recorded for backpropagation.
   * Arrays it creates go to {@code step}.
   */
  void bind(NDManager step);

  /**
   * Leaves the model computing with the trained weights after training (no gradient bookkeeping).
   */
  void finish();

  /** Writes the checkpoint of this method to {@code dir}. */
  void save(Path dir) throws IOException;

  /** Frees arrays owned by the set that the model does not keep using. */
  @Override
  void close();
}
