package io.palr.llm.tokenizer;

/** The SentencePiece piece types (the numbering of {@code sentencepiece_model.proto}). */
public enum PieceType {
  /** An ordinary piece that merges may produce. */
  NORMAL,
  /** The unknown-token piece. */
  UNKNOWN,
  /** A control symbol such as {@code <s>}; decodes to nothing. */
  CONTROL,
  /** A user-defined symbol, matched as a whole. */
  USER_DEFINED,
  /** A piece kept in the vocabulary but never produced. */
  UNUSED,
  /** A byte-fallback piece {@code <0xNN>}. */
  BYTE;

  /** The type for a protobuf enum number (1 = NORMAL ... 6 = BYTE). */
  static PieceType fromProto(int number) {
    return switch (number) {
      case 1 -> NORMAL;
      case 2 -> UNKNOWN;
      case 3 -> CONTROL;
      case 4 -> USER_DEFINED;
      case 5 -> UNUSED;
      case 6 -> BYTE;
      default -> throw new IllegalArgumentException("unknown piece type " + number);
    };
  }
}
