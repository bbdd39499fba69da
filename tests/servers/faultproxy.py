#!/usr/bin/python3
"""faultproxy.py: an HTTP proxy for the publish tests that forwards to an
upstream server on 127.0.0.1 but answers the first try of some requests
with a fault: 503, 500, 429, or a connection closed without an answer.

usage: faultproxy.py LISTEN_PORT UPSTREAM_PORT EVERY
Every EVERY-th distinct request (method + path + query) fails on its first
try, the faults taken in turn; its retry is forwarded. The Host header is
passed on unchanged, so SigV4 signatures stay valid. Counts are printed to
stderr at exit: "faults N forwarded M".
"""
import http.client
import http.server
import signal
import sys
import threading

LISTEN, UPSTREAM, EVERY = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
FAULTS = [503, 500, "drop", 429]
lock = threading.Lock()
seen = {}
state = {"n": 0, "faults": 0, "forwarded": 0}


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        key = (self.command, self.path)
        fault = None
        with lock:
            if key not in seen:
                seen[key] = 0
                state["n"] += 1
                if state["n"] % EVERY == 0:
                    fault = FAULTS[state["faults"] % len(FAULTS)]
                    state["faults"] += 1
            seen[key] += 1
            if fault is None:
                state["forwarded"] += 1
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault is not None:
            msg = b"injected fault\n"
            self.send_response(fault)
            self.send_header("Content-Length", str(len(msg)))
            if fault == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(msg)
            return
        conn = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=30)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("connection", "expect",
                                        "transfer-encoding")}
        conn.request(self.command, self.path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in ("connection", "transfer-encoding",
                                 "keep-alive", "content-length"):
                self.send_header(k, v)
        if self.command == "HEAD":
            self.send_header("Content-Length",
                             resp.getheader("Content-Length") or "0")
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any
    do_MKCOL = do_MOVE = handle_any


def stop(*_):
    sys.stderr.write("faults %d forwarded %d\n"
                     % (state["faults"], state["forwarded"]))
    sys.stderr.flush()
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
server = http.server.ThreadingHTTPServer(("127.0.0.1", LISTEN), Proxy)
print("ready", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    stop()
