/** Runnable examples of assembling a PALR pipeline. */
package io.palr.examples;
