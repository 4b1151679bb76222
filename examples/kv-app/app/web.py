"""HTTP front end of the key-value store.

GET /            JSON summary: the worker's tick count, its last tick, the number of keys
GET /kv/KEY      the value (404 if unset)
PUT /kv/KEY      sets the value to the request body (POST too)
DELETE /kv/KEY   deletes it
GET /health      200 when the store answers PING
"""
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from resp import Redis

local = threading.local()


def store():
    if not hasattr(local, "redis"):
        local.redis = Redis()
    return local.redis


class Handler(BaseHTTPRequestHandler):
    def _send(self, status, body, ctype="text/plain"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _key(self):
        return self.path[len("/kv/"):] if self.path.startswith("/kv/") and len(self.path) > 4 else None

    def do_GET(self):
        if self.path == "/":
            r = store()
            summary = {"ticks": int(r.call("GET", "ticks") or 0), "last_tick": r.call("GET", "last_tick"),
                       "keys": r.call("HLEN", "kv")}
            return self._send(200, json.dumps(summary) + "\n", "application/json")
        if self.path == "/health":
            return self._send(200, store().call("PING") + "\n")
        key = self._key()
        if key is None:
            return self._send(404, "not found\n")
        value = store().call("HGET", "kv", key)
        return self._send(404, "no such key\n") if value is None else self._send(200, value)

    def do_PUT(self):
        key = self._key()
        if key is None:
            return self._send(404, "not found\n")
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        store().call("HSET", "kv", key, body)
        return self._send(201, "stored\n")

    do_POST = do_PUT

    def do_DELETE(self):
        key = self._key()
        if key is None:
            return self._send(404, "not found\n")
        return self._send(200, "deleted %d\n" % store().call("HDEL", "kv", key))

    def log_message(self, fmt, *args):
        print("web: %s %s" % (self.address_string(), fmt % args), flush=True)


if __name__ == "__main__":
    # PID 1 in a container gets no default SIGTERM action: exit at once on stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("web: listening on :8000", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
