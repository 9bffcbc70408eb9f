package io.palr.retrieval.train;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Builds one epoch's batches on a daemon producer thread, a few batches ahead of the training thread, so that
 * sampling (shuffling, negative draws, padding) stays off the hot path. Iterate it once; close it to stop early.
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
    thread = new Thread(() -> {
      try {
        for (int start = 0; start < n; start += batchSize) {
          int[] units = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
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
    }, "palr-batch-producer");
    thread.setDaemon(true);
    thread.start();
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
