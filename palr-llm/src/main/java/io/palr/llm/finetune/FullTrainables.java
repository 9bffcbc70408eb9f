package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.palr.llm.model.LlamaModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every weight of the model, trained in place. The model must hold FLOAT32 weights in writable
 * memory (load it with {@link SftTrainer#loadOptions}; zero-copy memory-mapped weights are
 * read-only and must never be updated).
 */
final class FullTrainables implements TrainableSet {
  private final LlamaModel model;
  private final List<Trainable> params = new ArrayList<>();
  private final java.util.function.Consumer<Path> tokenizerSaver;

  FullTrainables(LlamaModel model, java.util.function.Consumer<Path> tokenizerSaver) {
    this.model = model;
    this.tokenizerSaver = tokenizerSaver;
    if (model.dataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          "full fine-tuning needs FLOAT32 weights, the model has "
              + model.dataType()
              + " (load with SftTrainer.loadOptions(FineTuneMethod.FULL))");
    }
    if (model.hasReadOnlyWeights()) {
      throw new IllegalArgumentException(
          "full fine-tuning needs writable weights, but the model maps its weights"
              + " read-only from the checkpoint (load with SftTrainer.loadOptions(FineTuneMethod.FULL))");
    }
    if (model.hasAdapters()) {
      throw new IllegalStateException(
          "the model carries unmerged adapters: merge them before full fine-tuning");
    }
    for (Map.Entry<String, NDArray> e : model.namedParameters().entrySet()) {
      NDArray a = e.getValue();
      a.setRequiresGradient(true);
      params.add(new Trainable(e.getKey(), a, a.getShape().dimension() >= 2));
    }
  }

  @Override
  public List<Trainable> parameters() {
    return List.copyOf(params);
  }

  @Override
  public void bind(NDManager step) {}

  @Override
  public void finish() {}

  @Override
  public void save(Path dir) throws IOException {
    HfModelWriter.write(model, dir);
    tokenizerSaver.accept(dir);
  }

  @Override
  public void close() {}
}
