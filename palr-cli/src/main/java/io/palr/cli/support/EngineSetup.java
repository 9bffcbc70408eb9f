package io.palr.cli.support;

import java.nio.file.Path;

/**
 * Process-wide settings the DJL engine needs before first use: offline mode (the PyTorch natives
 * come from the classpath jar, nothing is downloaded) and writable cache folders. Values already
 * set by the user (system properties or environment variables) are kept.
 */
public final class EngineSetup {
  private EngineSetup() {}

  /**
   * Sets the PyTorch intra-op thread count; takes effect only if the engine has not started yet in
   * this process.
   *
   * @param n threads, at least 1
   */
  public static void threads(int n) {
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(n));
  }

  /**
   * Applies the settings (and passive OpenMP waiting, see {@link
   * io.palr.llm.engine.EngineSettings#passiveOpenMpWait()}); idempotent.
   */
  public static void configure() {
    io.palr.llm.engine.EngineSettings.passiveOpenMpWait();
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    Path home = Path.of(System.getProperty("user.home"), ".palr");
    for (String key : new String[] {"DJL_CACHE_DIR", "ENGINE_CACHE_DIR"}) {
      if (System.getProperty(key) == null && System.getenv(key) == null) {
        System.setProperty(key, home.resolve("djl-cache").toString());
      }
    }
  }
}
