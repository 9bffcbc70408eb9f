package io.palr.retrieval.train;

/**
 * What one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param meanLoss mean training loss over the epoch's steps
 * @param seconds wall time of the epoch's training steps (validation excluded)
 * @param validationNdcg validation NDCG@10 after the epoch, NaN when not validated
 * @param peakRssMb the process's peak resident set (VmHWM) after the epoch, in MiB; -1 where
 *     unavailable
 * @param rssMb the process's current resident set (VmRSS) after the epoch, in MiB; -1 where
 *     unavailable
 * @param nativeArrays arrays owned by the model's parameter manager (and its live sub-managers)
 *     after the epoch; equal to the number of weights, constant across epochs unless native memory
 *     leaks
 * @param heapCommittedMb the JVM heap committed after the epoch, in MiB: RSS minus this is the
 *     native side
 */
public record EpochStats(
    int epoch,
    double meanLoss,
    double seconds,
    double validationNdcg,
    long peakRssMb,
    long rssMb,
    int nativeArrays,
    long heapCommittedMb) {}
