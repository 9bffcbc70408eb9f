package io.palr.llm.engine;

import java.nio.file.Path;

/**
 * Settings DJL needs when running outside the test harness: offline mode and a writable cache
 * folder.
 */
public final class EngineSettings {
  private EngineSettings() {}

  /**
   * Sets PyTorch's intra-op thread count for the whole process ({@code <= 0}: leave the engine
   * default). Small models decode fastest with 1 thread (per-op synchronisation dominates); large
   * models want one thread per core.
   */
  public static void threads(int n) {
    if (n > 0) {
      ai.djl.engine.Engine.getEngine("PyTorch");
      ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
    }
  }

  /**
   * Makes idle OpenMP threads sleep instead of spinning ({@code OMP_WAIT_POLICY=PASSIVE}) unless
   * the environment already sets {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT}. Takes effect
   * only before the engine's native library is loaded (OpenMP reads the variable once, at load).
   *
   * <p>Why: with OpenMP's default active waiting, a second intra-op thread spins at every barrier
   * while its peer is descheduled; on a shared machine (load 25 on 2 cores) decoding a 155M model
   * with 2 threads took 6x the CPU and 4x the wall time of 1 thread, and with passive waiting 2
   * threads were 2.3-9.7x faster than 1 (docs/benchmarks.md).
   *
   * @return whether the variable was set here
   */
  public static boolean passiveOpenMpWait() {
    if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null) {
      return false;
    }
    try {
      com.sun.jna.Function setenv =
          com.sun.jna.NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME)
              .getFunction("setenv");
      return setenv.invokeInt(new Object[] {"OMP_WAIT_POLICY", "PASSIVE", 0}) == 0;
    } catch (RuntimeException | LinkageError e) {
      return false; // e.g. no setenv (Windows): keep OpenMP's default
    }
  }

  /**
   * Sets {@code ai.djl.offline=true} and a cache folder under the temp dir, unless already
   * configured, and passive OpenMP waiting ({@link #passiveOpenMpWait()}).
   */
  public static void configure() {
    passiveOpenMpWait();
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
      String dir = Path.of(System.getProperty("java.io.tmpdir"), "palr-djl-cache").toString();
      System.setProperty("DJL_CACHE_DIR", dir);
      if (System.getenv("ENGINE_CACHE_DIR") == null
          && System.getProperty("ENGINE_CACHE_DIR") == null) {
        System.setProperty("ENGINE_CACHE_DIR", dir);
      }
    }
  }
}
