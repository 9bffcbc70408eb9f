/**
 * Data sets: the item catalogue, the compact int-indexed interaction data set, loaders for real
 * data formats, preprocessing (implicit feedback, de-duplication, k-core) and the leave-one-out
 * split.
 */
package io.palr.data;
