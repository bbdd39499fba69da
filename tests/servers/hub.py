#!/usr/bin/python3
"""hub.py: a stand-in WebSub hub (and ping endpoint) for the publish tests.

usage: hub.py PORT LOGFILE FAIL_FIRST
Answers the first FAIL_FIRST requests with 503 (to exercise the retries),
then 204; every request is logged as "METHOD PATH BODY" to LOGFILE.
"""
import http.server
import sys

PORT, LOG, FAIL = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
count = [0]


class Hub(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode() if n else ""
        count[0] += 1
        with open(LOG, "a") as f:
            f.write("%s %s %s auth=%s\n" % (
                self.command, self.path, body,
                "yes" if self.headers.get("Authorization") else "no"))
        self.send_response(503 if count[0] <= FAIL else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = answer


http.server.HTTPServer(("127.0.0.1", PORT), Hub).serve_forever()
