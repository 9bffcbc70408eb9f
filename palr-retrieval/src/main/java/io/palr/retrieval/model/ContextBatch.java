package io.palr.retrieval.model;

import io.palr.retrieval.train.Batch;

/**
 * Pointwise training batch: per example a left-padded context of model item ids (catalogue index +
 * 1, 0 = padding), one positive target and one sampled negative.
 *
 * @param size number of examples
 * @param length padded context length
 * @param context size x length context ids
 * @param positives size target ids
 * @param negatives size sampled negative ids
 */
@SuppressWarnings(
    "ArrayRecordComponent") // a carrier of primitive arrays on a hot path, never compared
public record ContextBatch(int size, int length, long[] context, long[] positives, long[] negatives)
    implements Batch {}
