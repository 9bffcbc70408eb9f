/** Speed benchmark of palr-text: item embedding, the cache, full-catalogue text retrieval. */
package io.palr.bench.text;
