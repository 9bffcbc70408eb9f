/**
 * Benchmark entry points for the evaluation module (run as plain {@code main} programs, not unit
 * tests).
 */
package io.palr.bench.eval;
