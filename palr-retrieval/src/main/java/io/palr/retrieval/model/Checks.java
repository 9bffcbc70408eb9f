package io.palr.retrieval.model;

/** Argument checks shared by the config records. */
final class Checks {
  private Checks() {}

  static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1: " + value);
    }
  }

  static void rate(String name, float value) {
    if (!(value >= 0f && value < 1f)) {
      throw new IllegalArgumentException(name + " must be in [0, 1): " + value);
    }
  }
}
