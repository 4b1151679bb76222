package io.berth.engine.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A blocking iterator over the entries of one k8s-file log, from {@link LogReader#read} (ends at the
 * end of the file) or {@link LogReader#follow} (waits for conmon to append, ends when the stop
 * condition holds and the file is drained, at the first entry after {@code until}, or on
 * {@link #close}).
 *
 * <p>Use from one thread (a virtual thread: {@link #hasNext} blocks); {@link #close} may be called
 * from any thread and wakes a blocked {@code hasNext}, which then returns false. I/O errors surface
 * as {@link UncheckedIOException}.
 *
 * <p>A log is a chain of files ({@link LogFiles}): rotated files ({@code ctr.log.2}, {@code ctr.log.1})
 * are read before the live one, {@code tail} counts back across them, and all of them are opened
 * together (under the rotation lock), so a rotation while reading loses nothing. A follower moves
 * on when a newer file appears (berthd's rotation renames the live file and conmon reopens a new
 * one; conmon's own size limit renames a new file into place): the old file is read to its end
 * first. Truncation in place is followed too.
 */
public final class LogCursor implements Iterator<LogEntry>, AutoCloseable {
  private static final int READ_SIZE = 64 * 1024;

  private final Path file;
  private final LogQuery query;
  private final BooleanSupplier stop;
  private final Duration recheck;
  private final Semaphore wake = new Semaphore(0);
  private AutoCloseable subscription;
  private final boolean following;
  private volatile FileChannel ch;
  private Object fileKey;
  private long pos;
  /** For a plain read: where the live file ended when it was asked for (later writes are not part of it). */
  private long limit = Long.MAX_VALUE;
  /** Files opened with the first one and not read yet, oldest first: the chain is read in order. */
  private final ArrayDeque<Segment> next = new ArrayDeque<>();
  private byte[] carry = new byte[0];
  private final Map<LogStream, Partial> partials = new EnumMap<>(LogStream.class);
  private final ArrayDeque<LogEntry> ready = new ArrayDeque<>();
  private boolean finished;
  private volatile boolean closed;

  /** One opened file of the chain. */
  private record Segment(FileChannel ch, Object key, long limit) {}

  private static final class Partial {
    final Instant time;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    Partial(Instant time) { this.time = time; }
  }

  LogCursor(Path file, LogQuery query, BooleanSupplier stop, Duration recheck, FileChangeNotifier notifier) {
    this.file = file;
    this.query = Objects.requireNonNull(query, "query");
    this.stop = Objects.requireNonNull(stop, "stop");
    this.recheck = recheck;
    this.following = notifier != null;
    try {
      if (notifier != null) subscription = notifier.subscribe(file, this::wakeUp);
      List<Segment> chain = openChain();
      if (!chain.isEmpty() && query.tail().isPresent()) chain = tail(chain, query.tail().getAsInt());
      next.addAll(chain);
      if (!next.isEmpty()) take(next.poll(), chain.size() > 0 && query.tail().isPresent() ? tailStart : 0);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot read log " + file + ": " + e.getMessage(), e);
    }
  }

  private long tailStart;

  /** Opens every file of the chain at once (a rotation cannot slip between them). */
  private List<Segment> openChain() throws IOException {
    List<Segment> out = new ArrayList<>();
    synchronized (LogFiles.lock(file)) {
      List<Path> paths = LogFiles.chain(file);
      for (int i = 0; i < paths.size(); i++) {
        Path p = paths.get(i);
        FileChannel c;
        try {
          c = FileChannel.open(p, StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
          continue;
        }
        Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        // `logs --tail 2` on a busy container must print 2 lines: a read stops where the live file ended.
        boolean last = i == paths.size() - 1;
        out.add(new Segment(c, key, last && !following ? c.size() : Long.MAX_VALUE));
      }
    }
    return out;
  }

  /** The files that hold the last {@code n} entries; {@link #tailStart} is where to begin in the first. */
  private List<Segment> tail(List<Segment> chain, int n) throws IOException {
    int remaining = n;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Segment s = chain.get(i);
      long end = i == chain.size() - 1 ? Math.min(completeEnd(s.ch()), s.limit()) : s.ch().size();
      TailSeeker.Found f = TailSeeker.seek(s.ch(), end, remaining);
      remaining -= f.found();
      if (remaining == 0 || i == 0) {
        for (int k = 0; k < i; k++) chain.get(k).ch().close();
        tailStart = f.offset();
        return new ArrayList<>(chain.subList(i, chain.size()));
      }
    }
    return chain;
  }

  private void take(Segment s, long from) {
    ch = s.ch();
    fileKey = s.key();
    limit = s.limit();
    pos = from;
    carry = new byte[0];
  }

  /** Wakes a blocked {@link #hasNext} to re-check (also called on file events). */
  public void wakeUp() {
    if (wake.availablePermits() == 0) wake.release();
  }

  @Override public boolean hasNext() {
    try {
      while (true) {
        if (closed) return false;
        if (!ready.isEmpty()) return true;
        if (finished) return false;
        // Decide before reading: conmon writes all output before the exit file, so data present
        // when the stop condition first holds is read by the drain that follows.
        boolean stopNow = stop.getAsBoolean();
        if (readAvailable()) continue;
        if (switchedFile()) continue;
        if (stopNow) {
          finish();
          continue;
        }
        wake.tryAcquire(recheck.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      }
    } catch (IOException e) {
      if (closed) return false; // close() closed the channel under us
      throw new UncheckedIOException("cannot read log " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      return false;
    }
  }

  @Override public LogEntry next() {
    if (!hasNext()) throw new NoSuchElementException();
    return ready.poll();
  }

  /** The entries as a lazy stream; closing the stream closes this cursor. */
  public Stream<LogEntry> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(this::close);
  }

  @Override public void close() {
    closed = true;
    wake.release();
    try {
      if (subscription != null) subscription.close();
    } catch (Exception ignored) {
      // best effort
    }
    try {
      FileChannel c = ch;
      if (c != null) c.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Segment s : next) {
      try {
        s.ch().close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  // ---- reading -----------------------------------------------------------------------------------

  /** Before any file existed: the chain, once something appeared. */
  private boolean open() throws IOException {
    List<Segment> chain = openChain();
    if (chain.isEmpty()) return false;
    next.addAll(chain);
    take(next.poll(), 0);
    return true;
  }

  /** The end of the last complete line (conmon writes whole lines, but we may see a write half done). */
  private static long completeEnd(FileChannel ch) throws IOException {
    long size = ch.size();
    ByteBuffer one = ByteBuffer.allocate(1);
    for (long p = size - 1; p >= 0 && size - p <= READ_SIZE * 4L; p--) {
      one.clear();
      ch.read(one, p);
      if (one.get(0) == '\n') return p + 1;
    }
    return size;
  }

  /** Reads what is there and parses complete lines; true when it consumed any bytes. */
  private boolean readAvailable() throws IOException {
    if (ch == null && !open()) return false;
    long size = Math.min(ch.size(), limit);
    if (size < pos) { // truncated in place: start over
      pos = 0;
      carry = new byte[0];
    }
    if (size == pos) return false;
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(READ_SIZE, size - pos));
    int n = ch.read(buf, pos);
    if (n <= 0) return false;
    pos += n;
    byte[] data;
    if (carry.length == 0) data = Arrays.copyOf(buf.array(), n);
    else {
      data = Arrays.copyOf(carry, carry.length + n);
      System.arraycopy(buf.array(), 0, data, carry.length, n);
    }
    int start = 0;
    for (int i = 0; i < data.length && !finished; i++) {
      if (data[i] == '\n') {
        line(data, start, i);
        start = i + 1;
      }
    }
    carry = finished ? new byte[0] : Arrays.copyOfRange(data, start, data.length);
    return true;
  }

  /**
   * The current file is read to its end: go on with the next file of the chain, if there is one.
   * A file opened with the first one is final (a newer one existed). Otherwise the current file may
   * still be written, until a newer live file exists (conmon reopened); then it is drained once
   * more and the next file is found by listing the chain again.
   */
  private boolean switchedFile() throws IOException {
    if (ch == null) return false;
    if (!next.isEmpty()) {
      flushCarry();
      ch.close();
      take(next.poll(), 0);
      return true;
    }
    if (!following) return false;
    Object liveKey;
    try {
      liveKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException gone) {
      return false; // renamed away and not reopened yet: the writer still appends to ours
    }
    if (Objects.equals(liveKey, fileKey)) return false;
    if (readAvailable()) return true; // written before the writer moved on
    List<Segment> chain = openChain();
    int at = -1;
    for (int i = 0; i < chain.size(); i++) if (Objects.equals(chain.get(i).key(), fileKey)) at = i;
    // not found: ours was dropped by later rotations, and every file left is newer
    int from = at + 1;
    for (int i = 0; i < chain.size(); i++) {
      if (i >= from) next.add(chain.get(i));
      else chain.get(i).ch().close();
    }
    if (next.isEmpty()) return false;
    flushCarry();
    ch.close();
    take(next.poll(), 0);
    return true;
  }

  private void line(byte[] b, int from, int to) {
    K8sFileRecord.parse(b, from, to).ifPresent(this::record);
  }

  private void record(K8sFileRecord r) {
    Partial p = partials.get(r.stream());
    if (r.partial()) {
      if (p == null) partials.put(r.stream(), p = new Partial(r.time()));
      p.data.writeBytes(r.text());
      return;
    }
    byte[] data;
    Instant time = r.time();
    if (p != null) {
      partials.remove(r.stream());
      p.data.writeBytes(r.text());
      p.data.write('\n');
      data = p.data.toByteArray();
      time = p.time;
    } else {
      data = Arrays.copyOf(r.text(), r.text().length + 1);
      data[data.length - 1] = '\n';
    }
    emit(new LogEntry(time, r.stream(), data));
  }

  private void emit(LogEntry e) {
    if (finished) return;
    if (query.pastUntil(e)) {
      finished = true;
      return;
    }
    if (query.wants(e)) ready.add(e);
  }

  private void flushCarry() {
    if (carry.length > 0) line(carry, 0, carry.length);
    carry = new byte[0];
  }

  /** The end: a torn last line and lines still partial are returned as they are. */
  private void finish() {
    flushCarry();
    for (LogStream s : LogStream.values()) {
      Partial p = partials.remove(s);
      if (p != null) emit(new LogEntry(p.time, s, p.data.toByteArray()));
    }
    finished = true;
  }
}
