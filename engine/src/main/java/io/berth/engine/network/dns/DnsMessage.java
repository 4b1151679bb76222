package io.berth.engine.network.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The part of a DNS message (RFC 1035) the embedded server needs: the header and the first
 * question of a query, and answers built for it. Parsing is bounds-checked throughout: a hostile or
 * truncated packet gives {@link Optional#empty()}, never an exception.
 *
 * @param id     the query's ID
 * @param flags  the header's flags word (RD is echoed in answers)
 * @param name   the question's name, lower-cased, without the trailing dot
 * @param type   its QTYPE ({@link #A}, {@link #AAAA}, {@link #PTR}, ...)
 * @param qclass its QCLASS
 * @param questionEnd the offset just after the question (answers echo bytes 12..questionEnd)
 */
public record DnsMessage(int id, int flags, String name, int type, int qclass, int questionEnd) {
  public static final int A = 1;
  public static final int PTR = 12;
  public static final int AAAA = 28;
  public static final int NOERROR = 0;
  public static final int FORMERR = 1;
  public static final int SERVFAIL = 2;
  public static final int NXDOMAIN = 3;
  /** Docker's embedded DNS answers with this TTL. */
  static final int TTL = 600;

  /** The query in {@code b[0..len)}, if it is one with exactly one readable question. */
  public static Optional<DnsMessage> parseQuery(byte[] b, int len) {
    if (len < 12 || len > b.length) return Optional.empty();
    int flags = u16(b, 2);
    if ((flags & 0x8000) != 0) return Optional.empty(); // a response, not a query
    if (u16(b, 4) != 1) return Optional.empty();
    StringBuilder name = new StringBuilder();
    int p = 12;
    while (true) {
      if (p >= len) return Optional.empty();
      int l = b[p] & 0xff;
      if (l == 0) {
        p++;
        break;
      }
      if (l > 63 || p + 1 + l > len || name.length() + l + 1 > 253) return Optional.empty(); // no compression in a question
      if (!name.isEmpty()) name.append('.');
      name.append(new String(b, p + 1, l, StandardCharsets.ISO_8859_1));
      p += 1 + l;
    }
    if (p + 4 > len) return Optional.empty();
    return Optional.of(new DnsMessage(u16(b, 0), flags, name.toString().toLowerCase(Locale.ROOT), u16(b, p),
        u16(b, p + 2), p + 4));
  }

  /** The header's ID, if there is a header: for a FORMERR answer to an unreadable question. */
  public static Optional<Integer> idOf(byte[] b, int len) {
    return len >= 12 ? Optional.of(u16(b, 0)) : Optional.empty();
  }

  /** A header-only answer with {@code rcode} (FORMERR to garbage). */
  public static byte[] bare(int id, int rcode) {
    byte[] out = new byte[12];
    put16(out, 0, id);
    put16(out, 2, 0x8000 | 0x0080 | rcode);
    return out;
  }

  /** The answer to this query: {@code rcode} and records of this question's type, each an RDATA. */
  public byte[] answer(byte[] query, int rcode, List<byte[]> rdatas) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(questionEnd + rdatas.size() * 32);
    byte[] h = new byte[12];
    put16(h, 0, id);
    // QR, opcode 0, AA (we are the authority for the network's names), RD echoed, RA
    put16(h, 2, 0x8000 | 0x0400 | (flags & 0x0100) | 0x0080 | rcode);
    put16(h, 4, 1);
    put16(h, 6, rdatas.size());
    out.writeBytes(h);
    out.write(query, 12, questionEnd - 12);
    for (byte[] rd : rdatas) {
      byte[] rr = new byte[12];
      put16(rr, 0, 0xC00C); // the name: a pointer to the question's
      put16(rr, 2, type);
      put16(rr, 4, 1);
      rr[6] = (byte) (TTL >>> 24);
      rr[7] = (byte) (TTL >>> 16);
      rr[8] = (byte) (TTL >>> 8);
      rr[9] = (byte) TTL;
      put16(rr, 10, rd.length);
      out.writeBytes(rr);
      out.writeBytes(rd);
    }
    return out.toByteArray();
  }

  /** A name in wire form (for PTR answers). */
  public static byte[] encodeName(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : name.split("\\.")) {
      if (label.isEmpty()) continue;
      byte[] l = label.getBytes(StandardCharsets.ISO_8859_1);
      out.write(Math.min(l.length, 63));
      out.write(l, 0, Math.min(l.length, 63));
    }
    out.write(0);
    return out.toByteArray();
  }

  private static int u16(byte[] b, int off) { return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff); }

  private static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }
}
