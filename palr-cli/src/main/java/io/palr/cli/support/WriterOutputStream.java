package io.palr.cli.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * An output stream that decodes bytes into a {@link Writer}, keeping a multi-byte character split
 * across writes intact. Lets byte-oriented library code print to a command's (captured) writer. Not
 * thread-safe.
 */
public final class WriterOutputStream extends OutputStream {
  private final Writer writer;
  private final CharsetDecoder decoder;
  private final ByteBuffer in = ByteBuffer.allocate(4096);
  private final CharBuffer out = CharBuffer.allocate(4096);

  /**
   * A stream decoding with the given charset (malformed input is replaced).
   *
   * @param writer where the text goes; not closed by {@link #close()}
   * @param charset the bytes' encoding
   */
  public WriterOutputStream(Writer writer, Charset charset) {
    this.writer = writer;
    this.decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, in.remaining());
      in.put(b, off, n);
      off += n;
      len -= n;
      drain(false);
    }
  }

  private void drain(boolean endOfInput) throws IOException {
    in.flip();
    while (true) {
      var result = decoder.decode(in, out, endOfInput);
      out.flip();
      writer.write(out.array(), 0, out.limit());
      out.clear();
      if (!result.isOverflow()) {
        break;
      }
    }
    in.compact();
  }

  @Override
  public void flush() throws IOException {
    drain(false);
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    drain(true);
    writer.flush();
  }
}
