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
   * Sets {@code ai.djl.offline=true} and a cache folder under the temp dir, unless already
   * configured.
   */
  public static void configure() {
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
