package io.palr.data.load;

import io.palr.data.DatasetFormatException;
import io.palr.data.ProblemKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A reader that decodes bytes with a REPORTing decoder and knows on which line each malformed byte
 * sequence is: the standard {@code InputStreamReader} either replaces bad bytes silently or fails
 * somewhere in a read-ahead buffer, too far from the line to name it.
 *
 * <p>Strict: the first malformed sequence throws a {@link DatasetFormatException} of kind {@link
 * ProblemKind#ENCODING} naming the line and byte offset. Lenient: it is replaced by U+FFFD and its
 * line is remembered, so that the caller can skip that record ({@link #isMalformedLine(long)}).
 * Line numbers count {@code '\n'}.
 */
final class DecodingReader extends Reader {
  private static final int CHUNK = 1 << 16;

  private final InputStream in;
  private final CharsetDecoder decoder;
  private final Path file;
  private final boolean lenient;
  private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
  private final CharBuffer chars = CharBuffer.allocate(CHUNK);
  private final Set<Long> malformedLines = new HashSet<>();
  private long newlines; // '\n' decoded so far (into chars, read or not)
  private long bytesConsumedBefore; // bytes consumed before the current contents of 'bytes'
  private boolean eof;
  private boolean flushed;

  DecodingReader(InputStream in, Charset charset, Path file, boolean lenient) {
    this.in = in;
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    this.file = file;
    this.lenient = lenient;
    bytes.flip(); // empty, in read mode
    chars.flip();
  }

  /**
   * Whether the 1-based line had a malformed byte sequence (lenient mode only; strict mode throws).
   */
  boolean isMalformedLine(long line) {
    return !malformedLines.isEmpty() && malformedLines.contains(line);
  }

  /** Whether any malformed input was met so far. */
  boolean hadMalformedInput() {
    return !malformedLines.isEmpty();
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!chars.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(len, chars.remaining());
    chars.get(buf, off, n);
    return n;
  }

  /** Decodes more characters into {@code chars}; false at end of input. */
  private boolean fill() throws IOException {
    chars.clear();
    try {
      while (chars.position() == 0 && !flushed) {
        int before = chars.position();
        CoderResult r = decoder.decode(bytes, chars, eof);
        countNewlines(before);
        if (r.isError()) {
          if (!chars.hasRemaining()) {
            break; // no room for the replacement yet; the next fill meets the same bytes again
          }
          malformed(r);
        } else if (r.isOverflow()) {
          break;
        } else if (!eof) {
          if (chars.position() > 0) {
            break;
          }
          readBytes();
        } else {
          int b = chars.position();
          CoderResult f = decoder.flush(chars);
          countNewlines(b);
          flushed = f.isUnderflow();
          if (!flushed) {
            break;
          }
        }
      }
    } finally {
      chars.flip();
    }
    return chars.hasRemaining();
  }

  private void malformed(CoderResult r) throws DatasetFormatException {
    long line = newlines + 1;
    long offset = bytesConsumedBefore + bytes.position();
    if (!lenient) {
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < r.length() && bytes.position() + i < bytes.limit(); i++) {
        hex.append(String.format(Locale.ROOT, "%02x", bytes.get(bytes.position() + i) & 0xff));
      }
      throw new DatasetFormatException(
          ProblemKind.ENCODING,
          file,
          line,
          null,
          "invalid "
              + decoder.charset().name()
              + " byte sequence 0x"
              + hex
              + " at byte offset "
              + offset);
    }
    malformedLines.add(line);
    bytes.position(bytes.position() + r.length());
    chars.put('\uFFFD');
  }

  private void readBytes()
      throws IOException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException,
          DatasetFormatException {
    bytesConsumedBefore += bytes.position();
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  private void countNewlines(int from) {
    char[] a = chars.array();
    int to = chars.position();
    for (int i = from; i < to; i++) {
      if (a[i] == '\n') {
        newlines++;
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
