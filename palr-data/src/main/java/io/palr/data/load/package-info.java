/**
 * Loaders for real data formats (MovieLens 1M/100K, Amazon reviews, pre-sequenced files, RecBole
 * atomic files, generic delimited files): streaming, charset-strict, with typed errors naming file,
 * line and field, or a lenient mode that skips and counts. Entry point: {@link
 * io.palr.data.load.DatasetLoaders}.
 */
package io.palr.data.load;
