package io.palr.bench.openai;

import io.palr.openai.OpenAiConfig;
import io.palr.openai.metrics.CountingMetricsListener;
import io.palr.openai.tools.RemoteModelCheck;

/**
 * Runs {@link RemoteModelCheck} against the server named by {@code PALR_OPENAI_BASE_URL} and {@code
 * PALR_OPENAI_MODEL}: {@code [requests=32] [threads=8]}; exits with status 1 when any check failed.
 */
public final class RemoteModelCheckMain {
  private RemoteModelCheckMain() {}

  /**
   * Command-line entry point.
   *
   * @param args optional request count and thread count
   * @throws InterruptedException if interrupted while waiting for the requests
   */
  public static void main(String[] args) throws InterruptedException {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    CountingMetricsListener metrics = new CountingMetricsListener();
    OpenAiConfig config = OpenAiConfig.fromEnvironment().metricsListener(metrics).build();
    boolean ok = RemoteModelCheck.run(config, metrics, requests, threads, System.out);
    System.exit(ok ? 0 : 1);
  }
}
