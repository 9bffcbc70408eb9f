/** Benchmark entry points (run as {@code main}, not as unit tests): {@link io.palr.core.bench.DataBench}. */
package io.palr.core.bench;
