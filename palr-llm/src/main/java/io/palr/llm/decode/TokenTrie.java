package io.palr.llm.decode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trie over the token sequences of candidate strings. Each terminal node carries the index of its
 * candidate; removing a candidate hides paths that lead to no remaining candidate. Used to mask
 * logits to the allowed next tokens.
 */
public final class TokenTrie {
  /** A trie node. */
  public static final class Node {
    private final Map<Integer, Node> children = new LinkedHashMap<>();
    private int terminal = -1;
    private int live;

    /** The candidate ending here, or -1. */
    public int terminal() {
      return terminal;
    }

    /** The tokens that continue towards a remaining candidate. */
    public List<Integer> allowed() {
      List<Integer> out = new ArrayList<>();
      children.forEach(
          (t, n) -> {
            if (n.live > 0) {
              out.add(t);
            }
          });
      return out;
    }

    /** The child for {@code token}, or null. */
    public Node child(int token) {
      Node n = children.get(token);
      return n == null || n.live == 0 ? null : n;
    }
  }

  private final Node root = new Node();
  private final Map<Integer, int[]> sequences = new LinkedHashMap<>();

  /**
   * Adds a candidate.
   *
   * @return false if another candidate already has the same tokens (this one is then unreachable)
   * @throws IllegalArgumentException if {@code tokens} is empty
   */
  public boolean add(int index, int[] tokens) {
    if (tokens.length == 0) {
      throw new IllegalArgumentException("candidate " + index + " has no tokens");
    }
    Node n = root;
    for (int t : tokens) {
      n = n.children.computeIfAbsent(t, k -> new Node());
    }
    if (n.terminal >= 0) {
      return false;
    }
    n.terminal = index;
    sequences.put(index, tokens.clone());
    n = root;
    n.live++;
    for (int t : tokens) {
      n = n.children.get(t);
      n.live++;
    }
    return true;
  }

  /** Removes a candidate so that no path leads to it. */
  public void remove(int index) {
    int[] tokens = sequences.remove(index);
    if (tokens == null) {
      return;
    }
    Node n = root;
    n.live--;
    for (int t : tokens) {
      n = n.children.get(t);
      n.live--;
    }
    n.terminal = -1;
  }

  /** The root. */
  public Node root() {
    return root;
  }

  /** Candidates still reachable. */
  public int size() {
    return root.live;
  }

  /** The tokens of a candidate still in the trie, or null. */
  public int[] tokens(int index) {
    int[] t = sequences.get(index);
    return t == null ? null : t.clone();
  }
}
