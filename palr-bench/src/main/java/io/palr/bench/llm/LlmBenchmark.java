package io.palr.bench.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.palr.llm.decode.DecodeSettings;
import io.palr.llm.decode.Generation;
import io.palr.llm.decode.Generator;
import io.palr.llm.engine.EngineSettings;
import io.palr.llm.load.LlamaModels;
import io.palr.llm.load.LoadOptions;
import io.palr.llm.model.InferenceModel;
import io.palr.llm.model.KvCache;
import io.palr.llm.model.LlamaConfig;
import io.palr.llm.model.LlamaModel;
import io.palr.llm.model.RandomLlama;
import io.palr.llm.tokenizer.Tokenizer;
import io.palr.llm.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * LLM runtime benchmark: greedy decode tokens/s of stories260K at batch 1 and 16, and time to first
 * token for a 1,000-token prompt on a random-weight model with stories260K's dimensions and a
 * 2,048-position context.
 *
 * <pre>
 * LlmBenchmark [--model PATH(stories260K.bin)] [--tokens N(256)] [--repeats R(3)] [--device cpu|gpu] [--threads N]
 * </pre>
 *
 * <p>Prints wall-clock figures and, because the benchmark machine may be shared, the calling
 * thread's CPU time (with one intra-op thread all engine work runs on the calling thread, so CPU
 * time is the cost without contention).
 */
public final class LlmBenchmark {
  private LlmBenchmark() {}

  /**
   * Entry point.
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) throws IOException {
    EngineSettings.configure();
    Path model = Path.of("../shared/models/stories260K/stories260K.bin");
    int tokens = 256;
    int repeats = 3;
    Device device = null;
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException(args[args.length - 1] + " needs a value");
    }
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[i + 1]);
        case "--tokens" -> tokens = Integer.parseInt(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--device" -> device = Device.fromName(args[i + 1]);
        case "--threads" -> EngineSettings.threads(Integer.parseInt(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    LoadOptions opts = LoadOptions.defaults().withDevice(device);
    Tokenizer tok = Tokenizers.load(LlamaModels.defaultTokenizer(model));
    try (LlamaModel m = LlamaModels.load(model, opts)) {
      DataType type = m.dataType();
      System.out.printf(
          "model %s, device %s, type %s, torch threads %s%n",
          model, m.manager().getDevice(), type, ai.djl.pytorch.jni.JniUtils.getNumThreads());
      try (InferenceModel inf = new InferenceModel(m, type)) {
        Generator g = new Generator(inf, tok);
        for (int batch : new int[] {1, 16}) {
          List<int[]> prompts = new ArrayList<>();
          for (int r = 0; r < batch; r++) {
            prompts.add(
                tok.encode(r % 2 == 0 ? "Once upon a time" : "One day, a little dog", true));
          }
          DecodeSettings s = DecodeSettings.greedy(tokens, Set.of());
          g.generate(prompts, s, null);
          double best = 0;
          double bestCpu = 0;
          java.lang.management.ThreadMXBean mx =
              java.lang.management.ManagementFactory.getThreadMXBean();
          for (int rep = 0; rep < repeats; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            List<Generation> out = g.generate(prompts, s, null);
            double sec = (System.nanoTime() - t0) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            long n = out.stream().mapToLong(x -> x.tokens().length).sum();
            best = Math.max(best, n / sec);
            bestCpu = Math.max(bestCpu, n / cpu);
            System.out.printf(
                "batch %2d: %d tokens in %.3f s wall (%.0f tokens/s), %.3f s thread CPU (%.0f tokens/s)"
                    + " incl. prefill%n",
                batch, n, sec, n / sec, cpu, n / cpu);
          }
          System.out.printf(
              "RESULT decode batch %d best %.0f tokens/s wall, %.0f tokens/s per CPU-second%n",
              batch, best, bestCpu);
        }
      }
      LlamaConfig big = m.config().withMaxPositions(2048);
      try (LlamaModel rnd = RandomLlama.create(big, m.manager().getDevice(), 7);
          InferenceModel inf = new InferenceModel(rnd, type)) {
        int[] prompt = new int[1000];
        prompt[0] = 1;
        for (int i = 1; i < prompt.length; i++) {
          prompt[i] = 3 + (i * 31) % (big.vocabSize() - 3);
        }
        double bestMs = Double.MAX_VALUE;
        double bestCpuMs = Double.MAX_VALUE;
        java.lang.management.ThreadMXBean mx =
            java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep <= repeats; rep++) {
          long c0 = mx.getCurrentThreadCpuTime();
          long t0 = System.nanoTime();
          try (KvCache cache = inf.newCache(new int[1], 1001);
              NDManager step = inf.newStepManager()) {
            float[] logits = inf.prefill(step, prompt, prompt.length, cache).toFloatArray();
            io.palr.llm.decode.Sampler.argmax(logits);
          }
          double ms = (System.nanoTime() - t0) / 1e6;
          double cpuMs = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
          if (rep > 0) {
            bestMs = Math.min(bestMs, ms);
            bestCpuMs = Math.min(bestCpuMs, cpuMs);
          }
          System.out.printf(
              "time to first token of a 1000-token prompt (prefill + argmax): %.1f ms wall, %.1f ms"
                  + " thread CPU%s%n",
              ms, cpuMs, rep == 0 ? " (warm-up)" : "");
        }
        System.out.printf(
            "RESULT time to first token, 1000-token prompt: best %.1f ms wall, %.1f ms thread CPU"
                + " (random weights with the model's dimensions: hidden %d, %d layers; context 2048)%n",
            bestMs, bestCpuMs, big.hiddenSize(), big.numLayers());
      }
    }
  }
}
