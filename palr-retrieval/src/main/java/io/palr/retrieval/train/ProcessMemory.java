package io.palr.retrieval.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident-memory figures of this process from {@code /proc/self/status} (Linux); -1 elsewhere. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Peak resident set size (VmHWM) in MiB, or -1. */
  public static long peakRssMb() {
    return field("VmHWM:");
  }

  /** Current resident set size (VmRSS) in MiB, or -1. */
  public static long rssMb() {
    return field("VmRSS:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+", -1);
          return Long.parseLong(parts[0]) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
