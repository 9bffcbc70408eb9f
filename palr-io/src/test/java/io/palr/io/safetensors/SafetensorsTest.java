package io.palr.io.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripsAllWrittenTypes() throws IOException {
    float[] a = {1f, -2.5f, 3.25f, 0f, 1e-3f, 65504f};
    Path f = dir.resolve("t.safetensors");
    new SafetensorsWriter()
        .putFloats("a", a, 2, 3)
        .putFloatsAsF16("h", a, 6)
        .putFloatsAsBf16("b", a, 3, 2)
        .putInts("i", new int[] {7, -1}, 2)
        .metadata("format", "pt")
        .write(f);
    try (SafetensorsFile st = SafetensorsFile.open(f)) {
      assertThat(st.names()).containsExactly("a", "h", "b", "i");
      assertThat(st.metadata()).containsEntry("format", "pt");
      assertThat(st.info("a").shape()).containsExactly(2, 3);
      assertThat(st.floats("a")).containsExactly(a);
      float[] h = st.floats("h");
      float[] b = st.floats("b");
      for (int i = 0; i < a.length; i++) {
        assertThat(h[i]).isCloseTo(a[i], org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Percentage.withPercentage(1));
      }
      assertThat(st.buffer("i").getInt(4)).isEqualTo(-1);
      assertThatThrownBy(() -> st.floats("i"))
          .hasMessageContaining("'i'")
          .hasMessageContaining("not floating point");
      assertThatThrownBy(() -> st.info("nope"))
          .isInstanceOf(SafetensorsFormatException.class)
          .hasMessageContaining("'nope'")
          .hasMessageContaining(f.toString());
    }
  }

  @Test
  void halfFloatConversionIsExactOnRepresentableValues() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short s = (short) bits;
      float v = HalfFloats.halfToFloat(s);
      if (!Float.isNaN(v)) {
        assertThat(HalfFloats.floatToHalf(v)).as("bits %x", bits).isEqualTo(s);
      }
      float w = HalfFloats.bf16ToFloat(s);
      if (!Float.isNaN(w)) {
        assertThat(HalfFloats.floatToBf16(w)).isEqualTo(s);
      }
    }
    assertThat(HalfFloats.halfToFloat(HalfFloats.floatToHalf(1.0009766f))).isEqualTo(1.0009766f);
    assertThat(HalfFloats.floatToHalf(1e6f)).isEqualTo((short) 0x7C00); // overflow to +inf
  }

  @Test
  void rejectsTruncatedAndCorruptFiles() throws IOException {
    Path good = dir.resolve("g.safetensors");
    new SafetensorsWriter().putFloats("w", new float[16], 4, 4).write(good);
    byte[] bytes = Files.readAllBytes(good);

    Path truncated = dir.resolve("trunc.safetensors");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 4));
    assertThatThrownBy(() -> SafetensorsFile.open(truncated))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("'w'")
        .hasMessageContaining("outside the data section");

    Path absurd = dir.resolve("absurd.safetensors");
    byte[] b2 = bytes.clone();
    ByteBuffer.wrap(b2).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE / 2);
    Files.write(absurd, b2);
    assertThatThrownBy(() -> SafetensorsFile.open(absurd))
        .hasMessageContaining("bad header length");

    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[3]);
    assertThatThrownBy(() -> SafetensorsFile.open(tiny)).hasMessageContaining("shorter than");

    assertThatThrownBy(
            () ->
                SafetensorsFile.open(
                    write(
                        "{\"w\":{\"dtype\":\"F32\",\"shape\":[5]," + "\"data_offsets\":[0,16]}}",
                        16)))
        .hasMessageContaining("needs 20 bytes");
    assertThatThrownBy(
            () ->
                SafetensorsFile.open(
                    write(
                        "{\"w\":{\"dtype\":\"Q4\",\"shape\":[4]," + "\"data_offsets\":[0,16]}}",
                        16)))
        .hasMessageContaining("unsupported safetensors dtype 'Q4'");
    assertThatThrownBy(() -> SafetensorsFile.open(write("{not json", 16)))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () ->
                SafetensorsFile.open(
                    write(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],"
                            + "\"data_offsets\":[0,16]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}",
                        16)))
        .hasMessageContaining("overlaps");
    assertThatThrownBy(
            () ->
                SafetensorsFile.open(
                    write(
                        "{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,"
                            + "4611686018427387904],\"data_offsets\":[0,16]}}",
                        16)))
        .hasMessageContaining("overflows");
  }

  private Path write(String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path p = Files.createTempFile(dir, "x", ".safetensors");
    Files.write(p, b.array());
    return p;
  }

  @Test
  void readsTheRealStories260kWeights() throws IOException {
    Path f =
        Path.of(
            System.getProperty("palr.shared", "../shared"),
            "models/stories260K-hf/model.safetensors");
    assumeTrue(Files.exists(f), "reference model absent (" + f + "); skipping");
    try (SafetensorsFile st = SafetensorsFile.open(f)) {
      assertThat(st.names()).hasSize(47).contains("model.embed_tokens.weight", "model.norm.weight");
      assertThat(st.info("model.embed_tokens.weight").shape()).containsExactly(512, 64);
      assertThat(st.floats("model.layers.0.mlp.gate_proj.weight")).hasSize(172 * 64);
    }
  }
}
