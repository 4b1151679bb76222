"""A minimal Redis (RESP2) client on the standard library: the images stay free of pip packages."""
import os
import socket


class Redis:
    def __init__(self, host=None, port=6379):
        self.addr = (host or os.environ.get("REDIS_HOST", "db"), port)
        self.sock = None
        self.buf = b""

    def _connect(self):
        if self.sock is None:
            self.sock = socket.create_connection(self.addr, timeout=5)
            self.buf = b""

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n).decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise RuntimeError("bad reply %r" % line)

    def call(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a if isinstance(a, bytes) else str(a).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
        try:
            self._connect()
            self.sock.sendall(b"".join(parts))
            return self._reply()
        except (OSError, ConnectionError):
            # one reconnect: the store may have restarted since the last call
            self.close()
            self._connect()
            self.sock.sendall(b"".join(parts))
            return self._reply()

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None
