#!/usr/bin/env python3
"""Serves the fixtures of this directory as a docker daemon would, on a unix socket, so the real
docker CLI can print the golden outputs: python3 fake_daemon.py /tmp/fake.sock (see generate.sh)."""
import json, os, socketserver, sys
from http.server import BaseHTTPRequestHandler

HERE = os.path.dirname(os.path.abspath(__file__))

def fixture(name):
    with open(os.path.join(HERE, name), "rb") as f:
        return f.read()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Cache-Control", "no-cache, no-store, must-revalidate")
        self.send_header("Content-Type", ctype)
        self.send_header("Api-Version", "1.47")
        self.send_header("Ostype", "linux")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
    def do_HEAD(self):
        self.do_GET()
    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/_ping":
            return self.send(200, b"OK", "text/plain")
        parts = path.split("/")
        rest = "/" + "/".join(parts[2:]) if parts[1].startswith("v1.") else path
        if rest == "/containers/json":
            return self.send(200, fixture("format-containers.json"))
        if rest == "/images/json":
            return self.send(200, fixture("../images.json"))
        if rest == "/containers/fmt1/json":
            return self.send(200, fixture("inspect-container.json"))
        if rest.startswith("/containers/") and rest.endswith("/json"):
            return self.send(404, json.dumps({"message": "No such container: " + rest.split("/")[2]}).encode())
        if rest.startswith("/images/") and rest.endswith("/json"):
            return self.send(200, fixture("inspect-image.json"))
        self.send(404, json.dumps({"message": "not in the fixtures: " + rest}).encode())

class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    def get_request(self):
        req, _ = super().get_request()
        return req, ("local", 0)

if __name__ == "__main__":
    sock = sys.argv[1]
    if os.path.exists(sock): os.unlink(sock)
    Server(sock, Handler).serve_forever()
