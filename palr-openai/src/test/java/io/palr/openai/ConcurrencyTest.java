package io.palr.openai;

import static io.palr.openai.FakeOpenAiServer.slow;
import static io.palr.openai.FakeOpenAiServer.status;
import static io.palr.openai.FakeOpenAiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.palr.api.llm.GenerationOptions;
import io.palr.openai.metrics.CountingMetricsListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many callers, one model: every answer belongs to its prompt, the concurrency bound holds, no
 * thread outlives close.
 */
class ConcurrencyTest {

  private static final int THREADS = 16;
  private static final int REQUESTS_PER_THREAD = 20;

  @Test
  @Timeout(60)
  void sixteenThreadsGetTheirOwnAnswersThroughIntermittentFaults() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    CountingMetricsListener metrics = new CountingMetricsListener();
    AtomicInteger served = new AtomicInteger();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    try (FakeOpenAiServer server = new FakeOpenAiServer()) {
      // each prompt fails 0, 1 or 2 times (a 503, a 429 or a dropped connection) before it is
      // answered: with 4
      // attempts every call must succeed, and only retries can make it succeed
      ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
      server.fallback(
          r -> {
            served.incrementAndGet();
            String prompt = r.json().get("prompt").asText();
            int attempt = seen.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
            int h = Math.floorMod(prompt.hashCode(), 9);
            if (attempt <= h % 3) {
              return switch (h / 3) {
                case 0 -> status(503, "{\"error\":\"overloaded\"}");
                case 1 -> status(429, "{}", "retry-after-ms: 10");
                default -> FakeOpenAiServer.drop();
              };
            }
            return slow(Duration.ofMillis(attempt % 3), text("answer[" + prompt + "]"));
          });
      OpenAiLanguageModel model =
          OpenAiLanguageModel.create(
              TestSupport.config(server)
                  .maxConcurrency(4)
                  .retryPolicy(TestSupport.fastRetries(4))
                  .metricsListener(metrics)
                  .build());

      ExecutorService callers = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            callers.submit(
                () -> {
                  go.await();
                  int ok = 0;
                  for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                    List<String> prompts =
                        i % 5 == 0
                            ? List.of("t" + thread + "-" + i + "a", "t" + thread + "-" + i + "b")
                            : List.of("t" + thread + "-" + i);
                    try {
                      List<String> answers = model.generate(prompts, GenerationOptions.greedy(8));
                      assertThat(answers).hasSameSizeAs(prompts);
                      for (int p = 0; p < prompts.size(); p++) {
                        assertThat(answers.get(p)).isEqualTo("answer[" + prompts.get(p) + "]");
                      }
                      ok++;
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }
                  return ok;
                }));
      }
      long t0 = System.nanoTime();
      go.countDown();
      int ok = 0;
      for (Future<Integer> f : futures) {
        ok += f.get(50, TimeUnit.SECONDS);
      }
      callers.shutdown();
      assertThat(callers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

      assertThat(failures).as("every call succeeds despite faults").isEmpty();
      assertThat(ok).isEqualTo(THREADS * REQUESTS_PER_THREAD);
      assertThat(server.maxInFlight()).as("concurrency bound").isLessThanOrEqualTo(4);
      long expectedFaults =
          seen.keySet().stream().mapToInt(p -> Math.floorMod(p.hashCode(), 9) % 3).sum();
      assertThat(metrics.snapshot().retries())
          .as("exactly one retry per injected fault")
          .isEqualTo(expectedFaults);
      assertThat(served.get()).isEqualTo(seen.size() + expectedFaults);
      assertThat(server.connectionCount())
          .as("connections are pooled")
          .isLessThan(server.requestCount());
      System.out.println("calls done in ms: " + (System.nanoTime() - t0) / 1_000_000);
      model.close();
    }
    long t1 = System.nanoTime();

    assertThat(awaitNoNewThreads(before, Duration.ofSeconds(15)))
        .as("threads left after close")
        .isEmpty();
    System.out.println("threads gone after ms: " + (System.nanoTime() - t1) / 1_000_000);
  }

  /**
   * Waits (bounded) until every thread started since {@code before} has ended; returns the names of
   * those alive.
   */
  static Set<String> awaitNoNewThreads(Set<Thread> before, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    Set<String> alive;
    do {
      System.gc();
      alive =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> !before.contains(t) && t.isAlive())
              .map(Thread::getName)
              .collect(Collectors.toSet());
      if (alive.isEmpty()) {
        return alive;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return alive;
  }
}
