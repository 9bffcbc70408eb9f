package io.palr.llm.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measured memory of a process holding a model, split into parts: the weights (mapped from the
 * checkpoint or in engine memory), copies made by the packed layout, the KV cache, the Java heap,
 * and the rest ("native overhead": the JVM, the engine's libraries and allocator, activations not
 * yet returned). Resident figures come from {@code /proc/self/status} (Linux; -1 elsewhere).
 *
 * @param weights bytes of the model's weights
 * @param packed bytes of packed copies (tiny models only)
 * @param kvCache bytes of the KV cache of the measured run
 * @param heap bytes of Java heap in use
 * @param resident resident set size now ({@code VmRSS}), or -1
 * @param peakResident peak resident set size ({@code VmHWM}), or -1
 * @param residentFile the part of {@code resident} that is file-backed, e.g. mapped weights ({@code
 *     RssFile}), or -1
 */
public record MemoryReport(
    long weights,
    long packed,
    long kvCache,
    long heap,
    long resident,
    long peakResident,
    long residentFile) {

  /** Measures now. */
  public static MemoryReport measure(long weights, long packed, long kvCache) {
    Runtime rt = Runtime.getRuntime();
    long heap = rt.totalMemory() - rt.freeMemory();
    long[] status = status();
    return new MemoryReport(weights, packed, kvCache, heap, status[0], status[1], status[2]);
  }

  /** Resident memory not explained by weights, packed copies, KV cache and heap. */
  public long nativeOverhead() {
    return resident < 0 ? -1 : resident - weights - packed - kvCache - heap;
  }

  /** Peak resident memory over the weights, e.g. {@code 1.12}, or NaN when unknown. */
  public double peakOverWeights() {
    return peakResident < 0 ? Double.NaN : peakResident / (double) weights;
  }

  /**
   * One line, e.g. {@code resident 812 MiB (peak 903 MiB, 1.46x the weights) = weights 619 MiB +
   * ...}.
   */
  public String describe() {
    if (resident < 0) {
      return "weights "
          + MemoryEstimate.size(weights)
          + ", KV cache "
          + MemoryEstimate.size(kvCache)
          + ", heap "
          + MemoryEstimate.size(heap)
          + " (resident memory unknown on this platform)";
    }
    return String.format(
        java.util.Locale.ROOT,
        "resident %s (peak %s, %.2fx the weights; %s file-backed) = weights %s"
            + "%s + KV cache %s + heap %s + native overhead %s",
        MemoryEstimate.size(resident),
        MemoryEstimate.size(peakResident),
        peakOverWeights(),
        MemoryEstimate.size(residentFile),
        MemoryEstimate.size(weights),
        packed > 0 ? " + packed copies " + MemoryEstimate.size(packed) : "",
        MemoryEstimate.size(kvCache),
        MemoryEstimate.size(heap),
        nativeOverhead() < 0
            ? "n/a (mapped weights not all read in yet)"
            : MemoryEstimate.size(nativeOverhead()));
  }

  /** VmRSS, VmHWM, RssFile in bytes, -1 where unknown. */
  private static long[] status() {
    long[] out = {-1, -1, -1};
    Path p = Path.of("/proc/self/status");
    if (!Files.isReadable(p)) {
      return out;
    }
    try {
      List<String> lines = Files.readAllLines(p);
      for (String l : lines) {
        int i =
            l.startsWith("VmRSS:")
                ? 0
                : l.startsWith("VmHWM:") ? 1 : l.startsWith("RssFile:") ? 2 : -1;
        if (i >= 0) {
          out[i] = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return new long[] {-1, -1, -1};
    }
    return out;
  }
}
