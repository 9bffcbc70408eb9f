/**
 * Benchmark entry points (run as {@code main}, not as unit tests): {@link
 * io.palr.bench.data.DataBench}.
 */
package io.palr.bench.data;
