package io.palr.retrieval.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The named trainable parameters of one model, all owned by one {@link NDManager} whose lifetime is
 * the model's. Parameters are initialised from a seeded Java {@link Random} so that a model's
 * initial weights depend only on its seed, not on the engine's random state.
 *
 * <p>Names are stable and used as keys in checkpoints and in the optimizer.
 */
public final class ParameterStore implements AutoCloseable {
  private final NDManager manager;
  private final Map<String, NDArray> params = new LinkedHashMap<>();
  private final Random random;

  /**
   * A store on the given device, initialising parameters from {@code seed}.
   *
   * @param device where the parameters live
   * @param seed seed of the initialisation
   */
  public ParameterStore(Device device, long seed) {
    this.manager = NDManager.newBaseManager(device);
    this.random = new Random(seed);
  }

  /**
   * The manager owning the parameters (for optimizer state that must live as long as the model).
   */
  public NDManager manager() {
    return manager;
  }

  /** A Xavier-normal initialised matrix (rows x cols); row {@code paddingRow} (if >= 0) is zero. */
  public NDArray xavier(String name, int rows, int cols, int paddingRow) {
    float[] v = new float[rows * cols];
    double std = Math.sqrt(2.0 / (rows + cols));
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * std);
    }
    if (paddingRow >= 0) {
      java.util.Arrays.fill(v, paddingRow * cols, (paddingRow + 1) * cols, 0f);
    }
    return add(name, v, new Shape(rows, cols));
  }

  /** A normal(0, std) initialised tensor of any shape. */
  public NDArray normal(String name, Shape shape, double std) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * std);
    }
    return add(name, v, shape);
  }

  /** A uniform(-bound, bound) initialised tensor of any shape. */
  public NDArray uniform(String name, Shape shape, double bound) {
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return add(name, v, shape);
  }

  /** A tensor filled with a constant (zeros for biases, ones for layer-norm gains). */
  public NDArray constant(String name, Shape shape, float value) {
    float[] v = new float[Math.toIntExact(shape.size())];
    java.util.Arrays.fill(v, value);
    return add(name, v, shape);
  }

  private NDArray add(String name, float[] values, Shape shape) {
    if (params.containsKey(name)) {
      throw new IllegalArgumentException("duplicate parameter " + name);
    }
    NDArray a = manager.create(values, shape);
    a.setName(name);
    a.setRequiresGradient(true);
    params.put(name, a);
    return a;
  }

  /** The parameter with this name. */
  public NDArray get(String name) {
    NDArray a = params.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return a;
  }

  /** The live parameters, for a training forward pass (gradients flow into them). */
  public Weights trainable() {
    return this::get;
  }

  /**
   * Gradient-free aliases of the parameters owned by {@code scope}, for inference: no autograd
   * graph is recorded through them whatever the calling thread's grad mode, and closing {@code
   * scope} frees the aliases (not the weights). Safe to use from many threads at once.
   */
  public Weights frozen(NDManager scope) {
    Map<String, NDArray> cache = new java.util.HashMap<>();
    return name ->
        cache.computeIfAbsent(
            name,
            n -> {
              NDArray alias = get(n).stopGradient();
              alias.attach(scope);
              return alias;
            });
  }

  /** All parameters by name, in creation order (read-only view). */
  public Map<String, NDArray> all() {
    return Collections.unmodifiableMap(params);
  }

  /** Total number of scalar weights. */
  public long size() {
    long n = 0;
    for (NDArray a : params.values()) {
      n += a.getShape().size();
    }
    return n;
  }

  /** A copy of all weights as Java arrays (used to keep the best epoch's weights). */
  public Map<String, float[]> snapshot() {
    Map<String, float[]> out = new LinkedHashMap<>();
    params.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  /**
   * Overwrites the weights from a snapshot with the same names and sizes.
   *
   * @throws IllegalArgumentException if a name is missing or a size differs
   */
  public void restore(Map<String, float[]> snapshot) {
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      float[] v = snapshot.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException("snapshot lacks parameter " + e.getKey());
      }
      if (v.length != e.getValue().getShape().size()) {
        throw new IllegalArgumentException(
            "parameter "
                + e.getKey()
                + " has "
                + e.getValue().getShape().size()
                + " weights, snapshot has "
                + v.length);
      }
    }
    params.forEach((k, a) -> a.set(snapshot.get(k)));
  }

  /**
   * Number of arrays the parameter manager currently owns (parameters, optimizer state, and any
   * leak).
   */
  public int managedArrayCount() {
    return manager.getManagedArrays().size();
  }

  /**
   * Frees every array of the parameter manager that is not a weight (the optimizer state after
   * training).
   */
  public void releaseNonParameters() {
    java.util.Set<NDArray> keep =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    keep.addAll(params.values());
    for (NDArray a : manager.getManagedArrays()) {
      if (!keep.contains(a)) {
        a.close();
      }
    }
  }

  /** Frees the parameters' native memory. */
  @Override
  public void close() {
    manager.close();
  }
}
