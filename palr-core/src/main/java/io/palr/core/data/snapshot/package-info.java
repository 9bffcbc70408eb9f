/**
 * A versioned, checksummed binary snapshot of a prepared data set for fast reuse:
 * {@link io.palr.core.data.snapshot.DatasetSnapshot}.
 */
package io.palr.core.data.snapshot;
