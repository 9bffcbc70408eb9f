/**
 * A versioned, checksummed binary snapshot of a prepared data set for fast reuse: {@link
 * io.palr.data.snapshot.DatasetSnapshot}.
 */
package io.palr.data.snapshot;
