package io.palr.data.load;

import java.util.HashMap;
import java.util.Map;

/**
 * Decodes HTML character references in scraped titles ({@code &amp;}, {@code &eacute;}, {@code
 * &#39;}, {@code &#x2019;}): the HTML 4 named entities and numeric references, with numeric
 * references 128-159 read as Windows-1252 the way browsers do ({@code &#153;} is the trade mark
 * sign). One pass: {@code &amp;quot;} becomes {@code &quot;}. Unknown or unterminated references
 * are kept as they are.
 */
// the Javadoc shows the entities themselves, literally, on purpose
@SuppressWarnings("EscapedEntity")
final class HtmlEntities {
  private static final String[] LATIN1 =
      ("nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute "
              + "micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml "
              + "Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc "
              + "Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml "
              + "aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc "
              + "otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml")
          .split(" ");
  private static final String OTHERS =
      "quot 34 amp 38 apos 39 lt 60 gt 62 OElig 338 oelig 339 Scaron 352 scaron 353 Yuml 376 fnof 402 circ 710 "
          + "tilde 732 Alpha 913 Beta 914 Gamma 915 Delta 916 Omega 937 alpha 945 beta 946 gamma 947 delta 948 "
          + "epsilon 949 lambda 955 mu 956 pi 960 sigma 963 omega 969 ensp 8194 emsp 8195 thinsp 8201 zwnj 8204 "
          + "zwj 8205 lrm 8206 rlm 8207 ndash 8211 mdash 8212 lsquo 8216 rsquo 8217 sbquo 8218 ldquo 8220 "
          + "rdquo 8221 bdquo 8222 dagger 8224 Dagger 8225 bull 8226 hellip 8230 permil 8240 prime 8242 "
          + "Prime 8243 lsaquo 8249 rsaquo 8250 oline 8254 frasl 8260 euro 8364 trade 8482 larr 8592 uarr 8593 "
          + "rarr 8594 darr 8595 harr 8596 minus 8722 radic 8730 infin 8734 asymp 8776 ne 8800 le 8804 ge 8805 "
          + "loz 9674 spades 9824 clubs 9827 hearts 9829 diams 9830";

  /** Windows-1252 code points for bytes 0x80..0x9F (0 = undefined there). */
  private static final int[] CP1252 = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
    0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
  };

  private static final Map<String, Integer> NAMED = new HashMap<>();

  static {
    for (int i = 0; i < LATIN1.length; i++) {
      NAMED.put(LATIN1[i], 160 + i);
    }
    String[] t = OTHERS.split(" ");
    for (int i = 0; i < t.length; i += 2) {
      NAMED.put(t[i], Integer.parseInt(t[i + 1]));
    }
  }

  private HtmlEntities() {}

  /** The text with character references decoded. */
  static String decode(String s) {
    int amp = s.indexOf('&');
    if (amp < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    int from = 0;
    while (amp >= 0) {
      int semi = s.indexOf(';', amp + 1);
      int cp = semi < 0 || semi - amp > 12 ? -1 : codePoint(s.substring(amp + 1, semi));
      if (cp < 0) {
        sb.append(s, from, amp + 1);
        from = amp + 1;
      } else {
        sb.append(s, from, amp).appendCodePoint(cp);
        from = semi + 1;
      }
      amp = s.indexOf('&', from);
    }
    return sb.append(s, from, s.length()).toString();
  }

  private static int codePoint(String ref) {
    if (ref.startsWith("#")) {
      try {
        int cp =
            ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X')
                ? Integer.parseInt(ref.substring(2), 16)
                : Integer.parseInt(ref.substring(1));
        if (cp >= 0x80 && cp <= 0x9F && CP1252[cp - 0x80] != 0) {
          return CP1252[cp - 0x80];
        }
        return cp > 0 && Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)
            ? cp
            : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    Integer cp = NAMED.get(ref);
    return cp == null ? -1 : cp;
  }
}
