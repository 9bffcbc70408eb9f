/** Metrics, leave-one-out protocols, significance tests and reports. */
package io.palr.eval;
