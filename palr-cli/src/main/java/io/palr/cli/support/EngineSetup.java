package io.palr.cli.support;

import java.nio.file.Path;

/**
 * Process-wide settings the DJL engine needs before first use: offline mode (the PyTorch natives
 * come from the classpath jar, nothing is downloaded) and writable cache folders. Values already
 * set by the user (system properties or environment variables) are kept.
 */
public final class EngineSetup {
  private static volatile boolean ownProcess;

  private EngineSetup() {}

  /** Marks this JVM as the {@code palr} process itself (not an application embedding it). */
  public static void ownProcess() {
    ownProcess = true;
  }

  /** The C library calls used to mute standard error for a moment. */
  interface LibC extends com.sun.jna.Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags);

    int close(int fd);
  }

  /**
   * Starts the engine with standard error pointed at /dev/null for a moment, so that libtorch's
   * once-per-process C++ deprecation warning ("AutoNonVariableTypeMode is deprecated", printed by
   * the first copy into an array and not governed by any setting) does not open every command's
   * output. Only in the {@code palr} process itself, never in an application embedding palr; a
   * no-op where the C library cannot be reached.
   */
  public static void muteNativeWarningsOnce() {
    if (!ownProcess) {
      return;
    }
    ownProcess = false;
    try {
      LibC c = com.sun.jna.Native.load("c", LibC.class);
      System.err.flush();
      int saved = c.dup(2);
      int devNull = c.open("/dev/null", 1);
      if (saved < 0 || devNull < 0) {
        return;
      }
      try {
        c.dup2(devNull, 2);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
          m.create(new float[1]).set(new float[1]);
        }
      } finally {
        c.dup2(saved, 2);
        c.close(saved);
        c.close(devNull);
      }
    } catch (Throwable e) {
      // no C library or no engine here: the warning, if any, is printed as before
    }
  }

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
