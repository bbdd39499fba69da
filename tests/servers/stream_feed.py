# stream_feed.py PORT: an HTTP server on 127.0.0.1 that answers every GET
# with a feed of about 110 MB, streamed with no Content-Length (for the
# bad-input case lint-100mb-streamed in tests/cli/bad_inputs.sh).
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        chunk = b"<!-- " + b"x" * 65000 + b" -->\n"
        try:
            self.wfile.write(b'<?xml version="1.0"?>\n'
                             b'<rss version="2.0"><channel><title>t</title>\n')
            for _ in range(1700):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
