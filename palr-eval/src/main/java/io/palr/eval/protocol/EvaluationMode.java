package io.palr.eval.protocol;

import io.palr.data.LeaveOneOutSplit;

/**
 * Which leave-one-out target is predicted, and from which history. The user's history is also the
 * set of known items left out of the ranking (the target itself is never left out, even when it
 * also occurs in the history).
 */
public enum EvaluationMode {
  /** Predict the second-to-last item from the training items (model selection, early stopping). */
  VALIDATION {
    @Override
    public int[] history(LeaveOneOutSplit split, int user) {
      return split.train(user);
    }

    @Override
    public int target(LeaveOneOutSplit split, int user) {
      return split.validationItem(user);
    }
  },
  /**
   * Predict the last item from the training items plus the validation item (the reported numbers).
   */
  TEST {
    @Override
    public int[] history(LeaveOneOutSplit split, int user) {
      return split.trainAndValidation(user);
    }

    @Override
    public int target(LeaveOneOutSplit split, int user) {
      return split.testItem(user);
    }
  };

  /**
   * The history a system sees for split user {@code user}, oldest first; also the items excluded
   * from its ranking.
   */
  public abstract int[] history(LeaveOneOutSplit split, int user);

  /** The item index to predict for split user {@code user}. */
  public abstract int target(LeaveOneOutSplit split, int user);
}
