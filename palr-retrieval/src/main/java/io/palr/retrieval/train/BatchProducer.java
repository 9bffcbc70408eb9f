package io.palr.retrieval.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Builds one epoch's batches on a daemon producer thread, a few batches ahead of the training
 * thread, so that sampling (shuffling, negative draws, padding) stays off the hot path. Iterate it
 * once; close it to stop early.
 */
final class BatchProducer<B extends Batch> implements Iterator<B>, AutoCloseable {
  private static final Object END = new Object();
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
  private final Thread thread;
  private Object next;

  BatchProducer(BatchSampler<B> sampler, int batchSize, Random rng) {
    int n = sampler.epochSize();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<int[]> batches = bucketed(sampler, order, batchSize, rng);
    thread =
        new Thread(
            () -> {
              try {
                for (int[] units : batches) {
                  queue.put(sampler.build(units, rng));
                }
                queue.put(END);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                try {
                  queue.put(e);
                } catch (InterruptedException ie) {
                  Thread.currentThread().interrupt();
                }
              }
            },
            "palr-batch-producer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Cuts the shuffled units into batches. When the sampler reports lengths, each window of 50
   * batches' worth of units is sorted by length before cutting and the batch order is shuffled
   * again, so batches hold units of similar length while every epoch still sees a random order.
   */
  private static List<int[]> bucketed(
      BatchSampler<?> sampler, int[] order, int batchSize, Random rng) {
    int n = order.length;
    boolean lengths = false;
    for (int i = 0; i < n && !lengths; i++) {
      lengths = sampler.length(order[i]) != 0;
    }
    List<int[]> batches = new ArrayList<>();
    int window = lengths ? batchSize * 50 : n;
    for (int w = 0; w < n; w += window) {
      int[] part = Arrays.copyOfRange(order, w, Math.min(n, w + window));
      if (lengths) {
        Integer[] boxed = Arrays.stream(part).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, java.util.Comparator.comparingInt(sampler::length));
        part = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
      }
      for (int s = 0; s < part.length; s += batchSize) {
        batches.add(Arrays.copyOfRange(part, s, Math.min(part.length, s + batchSize)));
      }
    }
    if (lengths) {
      Collections.shuffle(batches, rng);
    }
    return batches;
  }

  /** Number of batches in the epoch. */
  static int batches(int units, int batchSize) {
    return (units + batchSize - 1) / batchSize;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a batch", e);
      }
    }
    if (next instanceof RuntimeException e) {
      throw new IllegalStateException("batch producer failed: " + e.getMessage(), e);
    }
    return next != END;
  }

  @Override
  @SuppressWarnings("unchecked")
  public B next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    B b = (B) next;
    next = null;
    return b;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
