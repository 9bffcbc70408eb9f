package io.palr.retrieval.model;

import io.palr.retrieval.train.Batch;

/**
 * Next-item training batch of left-padded sequences: at every position the model reads {@code
 * inputs} up to that position and must score {@code positives} above {@code negatives}. Model item
 * ids are catalogue index + 1; 0 is padding (no target at that position).
 *
 * @param size number of sequences
 * @param length padded length of each sequence
 * @param inputs size x length input item ids
 * @param positives size x length next-item ids (0 = no target)
 * @param negatives size x length sampled negative ids (0 where there is no target)
 */
@SuppressWarnings(
    "ArrayRecordComponent") // a carrier of primitive arrays on a hot path, never compared
public record SequenceBatch(int size, int length, long[] inputs, long[] positives, long[] negatives)
    implements Batch {}
