/**
 * The item-to-item co-occurrence graph: the ItemKNN retriever's model, and the source of hard
 * negatives and "k-hop affinity" items for PALR's instruction data.
 */
package io.palr.data.graph;
