/**
 * Significance tests on per-user metric values: Student's t distribution (via the regularised
 * incomplete beta function), the paired t-test, the paired bootstrap, and best-versus-rest
 * comparisons of evaluation results.
 */
package io.palr.eval.stats;
