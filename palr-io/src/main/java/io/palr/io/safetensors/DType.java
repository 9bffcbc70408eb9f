package io.palr.io.safetensors;

import java.util.Locale;

/** Element types of safetensors tensors, with their width in bytes. */
public enum DType {
  /** 64-bit float. */
  F64(8),
  /** 32-bit float. */
  F32(4),
  /** IEEE 754 half precision. */
  F16(2),
  /** bfloat16 (the upper half of an F32). */
  BF16(2),
  /** 64-bit signed integer. */
  I64(8),
  /** 32-bit signed integer. */
  I32(4),
  /** 16-bit signed integer. */
  I16(2),
  /** 8-bit signed integer. */
  I8(1),
  /** 8-bit unsigned integer. */
  U8(1),
  /** boolean stored as one byte. */
  BOOL(1);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Width of one element in bytes. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether the type is a floating-point type. */
  public boolean isFloatingPoint() {
    return this == F64 || this == F32 || this == F16 || this == BF16;
  }

  /**
   * The dtype named in a safetensors header.
   *
   * @throws IllegalArgumentException for names this reader does not support
   */
  public static DType parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unsupported safetensors dtype '" + name + "'", e);
    }
  }
}
