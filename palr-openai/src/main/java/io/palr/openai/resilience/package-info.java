/**
 * Resilience building blocks for remote calls: a jittered exponential {@link
 * io.palr.openai.resilience.RetryPolicy} and a consecutive-failure {@link
 * io.palr.openai.resilience.CircuitBreaker}.
 */
package io.palr.openai.resilience;
