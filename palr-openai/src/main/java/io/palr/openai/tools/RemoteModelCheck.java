package io.palr.openai.tools;

import io.palr.api.llm.GenerationOptions;
import io.palr.api.llm.LanguageModel.Capability;
import io.palr.openai.OpenAiConfig;
import io.palr.openai.OpenAiLanguageModel;
import io.palr.openai.metrics.CountingMetricsListener;
import io.palr.openai.metrics.MetricsSnapshot;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Checks a remote server before it is put behind a recommender: probes the capabilities, sends
 * {@code requests} short generations from {@code threads} threads and prints latency percentiles, a
 * streamed generation, a scoring and a constrained choice when supported, and the client metrics.
 * Configured by the {@code PALR_OPENAI_*} environment variables.
 *
 * <pre>
 * PALR_OPENAI_BASE_URL=http://gpu-box:8000 PALR_OPENAI_MODEL=palr-llama-7b \
 *   java -cp ... io.palr.bench.openai.RemoteModelCheckMain [requests=32] [threads=8]   (palr-bench)
 * </pre>
 *
 * The entry point exits with status 1 when any check failed.
 */
public final class RemoteModelCheck {

  private RemoteModelCheck() {}

  /**
   * Runs the check and prints a report.
   *
   * @param config the server (its metrics listener should be {@code metrics})
   * @param metrics the listener whose counters are printed at the end
   * @param requests how many generations to send, at least 1
   * @param threads how many threads send them, at least 1
   * @param out where the report goes
   * @return whether every check passed
   */
  public static boolean run(
      OpenAiConfig config,
      CountingMetricsListener metrics,
      int requests,
      int threads,
      PrintStream out)
      throws InterruptedException {
    if (requests < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "requests and threads must be >= 1: " + requests + ", " + threads);
    }
    boolean ok = true;
    out.println("config: " + config);
    try (OpenAiLanguageModel model = OpenAiLanguageModel.create(config)) {
      Set<Capability> caps = model.capabilities();
      out.println("capabilities: " + caps + " (choice protocol " + model.choiceProtocol() + ")");

      GenerationOptions options = GenerationOptions.greedy(8).withStop(List.of("\n"));
      long[] latencies = new long[requests];
      int failures = 0;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
          String prompt = "Count: " + i + ", ";
          futures.add(
              pool.submit(
                  () -> {
                    long t0 = System.nanoTime();
                    model.generate(List.of(prompt), options);
                    return System.nanoTime() - t0;
                  }));
        }
        for (int i = 0; i < requests; i++) {
          try {
            latencies[i] = futures.get(i).get();
          } catch (java.util.concurrent.ExecutionException e) {
            failures++;
            latencies[i] = Long.MAX_VALUE;
            if (failures <= 3) {
              out.println("generate failed: " + e.getCause());
            }
          }
        }
      } finally {
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }
      long[] done = Arrays.stream(latencies).filter(l -> l != Long.MAX_VALUE).sorted().toArray();
      out.printf(
          "generate: %d/%d ok from %d threads; latency p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
          done.length,
          requests,
          threads,
          percentile(done, 0.50),
          percentile(done, 0.95),
          percentile(done, 1.0));
      ok &= failures == 0;

      ok &=
          check(
              out,
              "stream",
              () -> {
                StringBuilder sb = new StringBuilder();
                int[] chunks = new int[1];
                model.generateStreaming(
                    "The sky is",
                    GenerationOptions.greedy(8),
                    s -> {
                      sb.append(s);
                      chunks[0]++;
                    });
                return chunks[0] + " chunks: '" + sb + "'";
              });
      if (caps.contains(Capability.CONTINUATION_SCORING)) {
        ok &=
            check(
                out,
                "score",
                () ->
                    Arrays.toString(
                        model.scoreContinuations(
                            "The capital of France is", List.of(" Paris", " a banana"))));
      }
      if (caps.contains(Capability.CONSTRAINED_CHOICE)) {
        ok &=
            check(
                out,
                "choose",
                () ->
                    Arrays.toString(
                        model.chooseConstrained(
                            "My favourite colour is ", List.of("red", "green", "blue"), 2, ", ")));
      }
      out.println("breaker: " + model.circuitState());
    }
    MetricsSnapshot m = metrics.snapshot();
    out.printf(
        "metrics: attempts %d, retries %d, successes %d, failures %s, mean attempt %.1f ms, max attempt %.1f ms%n",
        m.attempts(),
        m.retries(),
        m.successes(),
        m.failures(),
        m.meanAttemptLatency().toNanos() / 1e6,
        m.maxAttemptLatency().toNanos() / 1e6);
    out.println(ok ? "RESULT: OK" : "RESULT: FAILED");
    return ok;
  }

  private interface Check {
    String run();
  }

  private static boolean check(PrintStream out, String name, Check check) {
    try {
      out.println(name + ": " + check.run());
      return true;
    } catch (RuntimeException e) {
      out.println(name + " FAILED: " + e);
      return false;
    }
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
