package io.berth.engine.network.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A DNS message (RFC 1035): the header and its four sections. {@link #parse} reads any message
 * (names compressed or not, EDNS OPT records among the additional ones); it is bounds-checked
 * throughout, so a hostile or truncated packet gives a {@link Parsed.Malformed}, never an exception.
 * {@link #encode} writes one with name compression, dropping records and setting TC to fit a size.
 *
 * <p>Names are kept as text without the trailing dot, in the case they came in (a resolver that
 * randomises case — "0x20" — wants it back as asked); label bytes that are not printable, a dot or a
 * backslash are escaped as zone files do ({@code \.}, {@code \\}, {@code \DDD}), so such a name can
 * never equal a container's.
 *
 * @param flags the header's second word: QR, opcode, AA, TC, RD, RA, Z, AD, CD, RCODE
 */
public record DnsMessage(int id, int flags, List<Question> questions, List<Resource> answers,
    List<Resource> authorities, List<Resource> additionals) {
  public static final int A = 1, NS = 2, CNAME = 5, PTR = 12, MX = 15, TXT = 16, AAAA = 28, SRV = 33, OPT = 41;
  public static final int IN = 1;
  public static final int NOERROR = 0, FORMERR = 1, SERVFAIL = 2, NXDOMAIN = 3, NOTIMP = 4, REFUSED = 5;
  public static final int QR = 0x8000, AA = 0x0400, TC = 0x0200, RD = 0x0100, RA = 0x0080, CD = 0x0010;
  /** The UDP size every client accepts; more only when its EDNS OPT record says so. */
  public static final int MIN_UDP = 512;
  public static final int MAX_SIZE = 65535;
  private static final int MAX_POINTERS = 127;
  /** Docker's embedded DNS answers with this TTL. */
  public static final int TTL = 600;

  public DnsMessage {
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  /** One question: its name (see the class comment), QTYPE and QCLASS. */
  public record Question(String name, int type, int qclass) {
    /** The name as container names are matched: lower-cased (ASCII only, as DNS does). */
    public String lowerName() { return name.toLowerCase(Locale.ROOT); }

    boolean sameAs(Question o) { return type == o.type && qclass == o.qclass && name.equalsIgnoreCase(o.name); }
  }

  /**
   * A resource record. {@code rdata} is as on the wire; for PTR, CNAME and NS records
   * {@code target} is the name in it (decompressed), and {@link #encode} writes that instead.
   */
  public record Resource(String name, int type, int rclass, long ttl, byte[] rdata, Optional<String> target) {
    public static Resource a(String name, byte[] ipv4) {
      if (ipv4.length != 4) throw new IllegalArgumentException("not an IPv4 address");
      return new Resource(name, A, IN, TTL, ipv4.clone(), Optional.empty());
    }

    public static Resource ptr(String name, String target) {
      return new Resource(name, PTR, IN, TTL, new byte[0], Optional.of(target));
    }

    /** An EDNS OPT pseudo-record advertising {@code udpSize}. */
    public static Resource opt(int udpSize) { return new Resource("", OPT, udpSize, 0, new byte[0], Optional.empty()); }
  }

  /** What {@link #parse} makes of a packet. */
  public sealed interface Parsed {
    /** A well-formed message. */
    record Ok(DnsMessage message) implements Parsed {}

    /**
     * Not a DNS message. With a readable header ({@code id} present) a server answers FORMERR, unless
     * the packet claims to be a response (never answer those: two servers would bounce forever).
     */
    record Malformed(Optional<Integer> id, int flags, String reason) implements Parsed {}
  }

  public boolean isResponse() { return (flags & QR) != 0; }

  public int opcode() { return (flags >>> 11) & 0xf; }

  public int rcode() { return flags & 0xf; }

  public boolean truncated() { return (flags & TC) != 0; }

  /** The UDP size the sender accepts: 512, or its EDNS OPT record's payload size (RFC 6891). */
  public int udpPayloadSize() {
    return additionals.stream().filter(r -> r.type() == OPT).findFirst()
        .map(r -> Math.max(MIN_UDP, r.rclass())).orElse(MIN_UDP);
  }

  /** A query for {@code name} with recursion desired. */
  public static DnsMessage query(int id, String name, int type) {
    return new DnsMessage(id, RD, List.of(new Question(name, type, IN)), List.of(), List.of(), List.of());
  }

  /**
   * The answer to {@code query} with {@code rcode} and {@code answers}: its ID, opcode, RD and CD
   * echoed, RA set, its questions copied. Not authoritative, as Docker's resolver answers.
   */
  public static DnsMessage reply(DnsMessage query, int rcode, List<Resource> answers) {
    int flags = QR | (query.flags & (0x7800 | RD | CD)) | RA | (rcode & 0xf);
    return new DnsMessage(query.id, flags, query.questions, answers, List.of(), List.of());
  }

  /** A header-only answer (to a packet whose question could not be read). */
  public static byte[] bareReply(int id, int queryFlags, int rcode) {
    return new DnsMessage(id, QR | (queryFlags & (0x7800 | RD | CD)) | RA | (rcode & 0xf), List.of(), List.of(),
        List.of(), List.of()).encode(MAX_SIZE);
  }

  /** Reads {@code b[0..len)}. */
  public static Parsed parse(byte[] b, int len) {
    if (b == null || len < 12 || len > b.length) return new Parsed.Malformed(Optional.empty(), 0, "shorter than a header");
    Reader r = new Reader(b, len);
    int id = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    int flags = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    try {
      r.u16();
      r.u16();
      int qd = r.u16(), an = r.u16(), ns = r.u16(), ar = r.u16();
      List<Question> questions = new ArrayList<>();
      for (int i = 0; i < qd; i++) questions.add(new Question(r.name(), r.u16(), r.u16()));
      List<Resource> answers = r.resources(an);
      List<Resource> authorities = r.resources(ns);
      List<Resource> additionals = r.resources(ar);
      // trailing bytes after the counted records are tolerated, as most servers do
      return new Parsed.Ok(new DnsMessage(id, flags, questions, answers, authorities, additionals));
    } catch (Bad e) {
      return new Parsed.Malformed(Optional.of(id), flags, e.getMessage());
    }
  }

  /**
   * The message on the wire, at most {@code maxSize} bytes: when it does not fit, additional records
   * go first, then authority and answer records from the end, and TC is set if answers were dropped.
   */
  public byte[] encode(int maxSize) {
    List<Resource> an = new ArrayList<>(answers), ns = new ArrayList<>(authorities), ar = new ArrayList<>(additionals);
    int f = flags;
    while (true) {
      byte[] out = new Writer().message(id, f, questions, an, ns, ar);
      if (out.length <= maxSize) return out;
      if (!ar.isEmpty()) {
        ar.removeLast();
      } else if (!ns.isEmpty()) {
        ns.removeLast();
        f |= TC;
      } else if (!an.isEmpty()) {
        an.removeLast();
        f |= TC;
      } else {
        return out; // a header and questions only: nothing more to drop
      }
    }
  }

  /** Thrown inside the reader only; {@link #parse} turns it into {@link Parsed.Malformed}. */
  private static final class Bad extends Exception {
    Bad(String why) { super(why, null, false, false); }
  }

  private static final class Reader {
    private final byte[] b;
    private final int end;
    private int p;

    Reader(byte[] b, int end) {
      this.b = b;
      this.end = end;
    }

    private void need(int at, int n) throws Bad {
      if (at < 0 || n < 0 || at + n > end) throw new Bad("truncated at offset " + at);
    }

    int u16() throws Bad {
      int v = u16At(p);
      p += 2;
      return v;
    }

    private int u16At(int at) throws Bad {
      need(at, 2);
      return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    /** A name at the cursor, following compression pointers; the cursor moves past it. */
    String name() throws Bad {
      int[] next = {p};
      String s = nameAt(p, next);
      p = next[0];
      return s;
    }

    /**
     * The name at {@code at}; {@code next[0]} becomes the offset after it in place. A pointer must
     * point before the label it replaces, so pointer chains always end (no loops).
     */
    String nameAt(int at, int[] next) throws Bad {
      StringBuilder sb = new StringBuilder();
      int wire = 1; // the final root label
      int q = at;
      boolean jumped = false;
      int jumps = 0;
      while (true) {
        need(q, 1);
        int l = b[q] & 0xff;
        if ((l & 0xc0) == 0xc0) {
          need(q, 2);
          int target = ((l & 0x3f) << 8) | (b[q + 1] & 0xff);
          if (target >= q) throw new Bad("forward or looping compression pointer at " + q);
          // a real name has at most 127 labels, so as many pointers; longer chains only cost CPU
          // (thousands of records each walking a chain through the whole packet)
          if (++jumps > MAX_POINTERS) throw new Bad("too many compression pointers at " + q);
          if (!jumped) next[0] = q + 2;
          jumped = true;
          q = target;
          continue;
        }
        if ((l & 0xc0) != 0) throw new Bad("unknown label type at " + q);
        if (l == 0) {
          if (!jumped) next[0] = q + 1;
          return sb.toString();
        }
        need(q + 1, l);
        wire += l + 1;
        if (wire > 255) throw new Bad("name longer than 255 bytes");
        if (!sb.isEmpty()) sb.append('.');
        appendLabel(sb, q + 1, l);
        q += 1 + l;
      }
    }

    private void appendLabel(StringBuilder sb, int from, int l) {
      for (int i = from; i < from + l; i++) {
        int c = b[i] & 0xff;
        if (c == '.' || c == '\\') {
          sb.append('\\').append((char) c);
        } else if (c < 0x21 || c > 0x7e) {
          sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10)).append((char) ('0' + c % 10));
        } else {
          sb.append((char) c);
        }
      }
    }

    List<Resource> resources(int count) throws Bad {
      List<Resource> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = name();
        need(p, 10);
        int type = u16(), rclass = u16();
        long ttl = ((long) u16At(p) << 16) | u16At(p + 2);
        p += 4;
        int rdlen = u16();
        need(p, rdlen);
        byte[] rdata = java.util.Arrays.copyOfRange(b, p, p + rdlen);
        Optional<String> target = Optional.empty();
        if (type == PTR || type == CNAME || type == NS) {
          int[] after = {0};
          target = Optional.of(nameAt(p, after));
          if (after[0] != p + rdlen) throw new Bad("name and RDLENGTH disagree at " + p);
        } else if (type == OPT && !name.isEmpty()) {
          throw new Bad("OPT record not owned by the root");
        }
        p += rdlen;
        out.add(new Resource(name, type, rclass, ttl, rdata, target));
      }
      return out;
    }
  }

  /** Writes a message, compressing names against the suffixes already written. */
  private static final class Writer {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);
    private final java.util.Map<String, Integer> suffixes = new java.util.HashMap<>();

    byte[] message(int id, int flags, List<Question> qs, List<Resource> an, List<Resource> ns, List<Resource> ar) {
      u16(id);
      u16(flags);
      u16(qs.size());
      u16(an.size());
      u16(ns.size());
      u16(ar.size());
      for (Question q : qs) {
        name(q.name());
        u16(q.type());
        u16(q.qclass());
      }
      for (List<Resource> section : List.of(an, ns, ar)) {
        for (Resource r : section) resource(r);
      }
      return out.toByteArray();
    }

    private void resource(Resource r) {
      name(r.name());
      u16(r.type());
      u16(r.rclass());
      u16((int) (r.ttl() >>> 16));
      u16((int) r.ttl());
      if (r.target().isPresent()) {
        int lenAt = out.size();
        u16(0);
        name(r.target().get());
        byte[] sofar = out.toByteArray();
        int rdlen = sofar.length - lenAt - 2;
        out.reset();
        out.write(sofar, 0, lenAt);
        u16(rdlen);
        out.write(sofar, lenAt + 2, rdlen);
      } else {
        u16(r.rdata().length);
        out.writeBytes(r.rdata());
      }
    }

    /** Writes {@code name}, ending in a pointer to an already written suffix when there is one. */
    void name(String name) {
      List<byte[]> labels = labels(name);
      for (int i = 0; i < labels.size(); i++) {
        String key = suffixKey(labels, i);
        Integer at = suffixes.get(key);
        if (at != null) {
          u16(0xc000 | at);
          return;
        }
        if (out.size() < 0x3fff) suffixes.put(key, out.size());
        byte[] l = labels.get(i);
        out.write(l.length);
        out.write(l, 0, l.length);
      }
      out.write(0);
    }

    private static String suffixKey(List<byte[]> labels, int from) {
      StringBuilder sb = new StringBuilder();
      for (int i = from; i < labels.size(); i++) {
        for (byte x : labels.get(i)) sb.append((char) (x & 0xff)); // case kept: 0x20 resolvers compare it
        sb.append('\0');
      }
      return sb.toString();
    }

    private void u16(int v) {
      out.write(v >>> 8);
      out.write(v);
    }
  }

  /** The wire labels of a name in this class's text form (escapes undone; labels over 63 bytes cut). */
  static List<byte[]> labels(String name) {
    List<byte[]> out = new ArrayList<>();
    java.io.ByteArrayOutputStream label = new java.io.ByteArrayOutputStream();
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c == '\\' && isDigits(name, i + 1)) {
        label.write(Integer.parseInt(name.substring(i + 1, i + 4)) & 0xff);
        i += 4;
        continue;
      }
      if (c == '\\' && i + 1 < name.length()) {
        label.write(name.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == '.') {
        if (label.size() > 0) out.add(cut(label.toByteArray()));
        label.reset();
      } else {
        label.write(c);
      }
      i++;
    }
    if (label.size() > 0) out.add(cut(label.toByteArray()));
    return out;
  }

  private static boolean isDigits(String s, int from) {
    if (from + 3 > s.length()) return false;
    for (int i = from; i < from + 3; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  private static byte[] cut(byte[] l) { return l.length <= 63 ? l : java.util.Arrays.copyOf(l, 63); }
}
