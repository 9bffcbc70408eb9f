/**
 * A small metrics hook for the remote backend: {@link
 * io.palr.openai.metrics.BackendMetricsListener} events and an in-memory {@link
 * io.palr.openai.metrics.CountingMetricsListener} that can be polled and bridged to any metrics
 * system.
 */
package io.palr.openai.metrics;
