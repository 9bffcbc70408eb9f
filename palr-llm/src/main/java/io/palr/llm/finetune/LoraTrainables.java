package io.palr.llm.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.palr.llm.model.Linear;
import io.palr.llm.model.LlamaLayer;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.model.LoraAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * LoRA adapters attached to the selected projections of a model: A [r, in] drawn from PEFT's
 * default {@code kaiming_uniform(a=sqrt(5))}, i.e. uniform in {@code ±1/sqrt(in)}, and B [out, r]
 * zero, so the adapted model starts out identical to the base. Masters are float32 in a sub-manager
 * of the model's manager (they live as long as the model, which keeps using them after training).
 * On a half-precision model the forward uses per-step casts of the masters; on a float32 model the
 * masters themselves.
 */
final class LoraTrainables implements TrainableSet {
  private final LlamaModel model;
  private final FineTuneConfig config;
  private final NDManager manager;
  private final List<Linear> targets = new ArrayList<>();
  private final List<Trainable> params = new ArrayList<>();
  private final List<NDArray[]> masters = new ArrayList<>();
  private final boolean castPerStep;
  private NDManager persistentCasts;

  LoraTrainables(LlamaModel model, FineTuneConfig config) {
    this.model = model;
    this.config = config;
    this.castPerStep = model.dataType() != DataType.FLOAT32;
    var wanted = config.resolvedTargetModules();
    for (LlamaLayer layer : model.layers()) {
      for (Linear lin : layer.linears()) {
        String leaf = lin.name().substring(lin.name().lastIndexOf('.') + 1);
        if (wanted.contains(leaf)) {
          if (!lin.adapters().isEmpty()) {
            throw new IllegalStateException(
                lin.name()
                    + " already carries an adapter: merge it first"
                    + " (LoadOptions.withAdapter(folder, true))");
          }
          targets.add(lin);
        }
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no projection matches target modules " + wanted);
    }
    this.manager = model.manager().newSubManager();
    Random random = new Random(config.seed());
    int r = config.loraRank();
    float scale = (float) config.loraScale();
    for (Linear lin : targets) {
      int in = (int) lin.inFeatures();
      int out = (int) lin.outFeatures();
      float bound = (float) (1.0 / Math.sqrt(in));
      float[] a = new float[r * in];
      for (int i = 0; i < a.length; i++) {
        a[i] = (random.nextFloat() * 2f - 1f) * bound;
      }
      NDArray aArr = manager.create(a, new Shape(r, in));
      NDArray bArr = manager.zeros(new Shape(out, r), DataType.FLOAT32);
      aArr.setRequiresGradient(true);
      bArr.setRequiresGradient(true);
      String peft = PeftCheckpoint.PREFIX + lin.name();
      params.add(new Trainable(peft + ".lora_A.weight", aArr, true));
      params.add(new Trainable(peft + ".lora_B.weight", bArr, true));
      masters.add(new NDArray[] {aArr, bArr});
      if (!castPerStep) {
        lin.addAdapter(new LoraAdapter(aArr, bArr, scale));
      }
    }
  }

  @Override
  public List<Trainable> parameters() {
    return List.copyOf(params);
  }

  /** The adapted projections, in model order. */
  List<Linear> targets() {
    return List.copyOf(targets);
  }

  /** The float32 master A and B of each target, in the order of {@link #targets()}. */
  List<NDArray[]> masters() {
    return List.copyOf(masters);
  }

  @Override
  public void bind(NDManager step) {
    if (castPerStep) {
      attachCasts(step);
    }
  }

  private void attachCasts(NDManager owner) {
    DataType type = model.dataType();
    float scale = (float) config.loraScale();
    for (int i = 0; i < targets.size(); i++) {
      NDArray a = masters.get(i)[0].toType(type, true);
      NDArray b = masters.get(i)[1].toType(type, true);
      a.attach(owner);
      b.attach(owner);
      targets.get(i).clearAdapters();
      targets.get(i).addAdapter(new LoraAdapter(a, b, scale));
    }
  }

  @Override
  public void finish() {
    if (castPerStep) {
      if (persistentCasts != null) {
        persistentCasts.close();
      }
      persistentCasts = manager.newSubManager();
      attachCasts(persistentCasts);
    }
  }

  @Override
  public void save(Path dir) throws IOException {
    PeftCheckpoint.write(dir, this, config);
  }

  /** Nothing to free: the adapters stay attached to the model and are freed with it. */
  @Override
  public void close() {}
}
