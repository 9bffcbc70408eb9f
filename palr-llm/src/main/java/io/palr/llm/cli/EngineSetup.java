package io.palr.llm.cli;

import java.nio.file.Path;

/** Settings DJL needs when running outside the test harness: offline mode and a writable cache folder. */
public final class EngineSetup {
  private EngineSetup() {}

  /** Sets {@code ai.djl.offline=true} and a cache folder under the temp dir, unless already configured. */
  public static void configure() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
      String dir = Path.of(System.getProperty("java.io.tmpdir"), "palr-djl-cache").toString();
      System.setProperty("DJL_CACHE_DIR", dir);
      if (System.getenv("ENGINE_CACHE_DIR") == null && System.getProperty("ENGINE_CACHE_DIR") == null) {
        System.setProperty("ENGINE_CACHE_DIR", dir);
      }
    }
  }
}
