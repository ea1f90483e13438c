#!/usr/bin/env python3
"""Signs in and upvotes a paper in headless chromium with the keyboard only (Tab, typing, Enter),
driving the browser over the Chrome DevTools protocol. The web tests run it against a live
`paperboy serve`.

usage: browser-keyboard.py CHROMIUM BASE_URL PAPER_ID EMAIL
After sending the sign-in form it prints `link?` and reads the sign-in link (which the server
writes to its log) from stdin. Prints one JSON line of what it saw; exits 1 on any failure.
"""
import base64
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


class DevTools:
    """Just enough of a WebSocket client (RFC 6455: text frames, client masking) for the protocol."""

    def __init__(self, url):
        host, port, path = re.match(r"ws://([^:/]+):(\d+)(/.*)", url).groups()
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert b" 101 " in response.split(b"\r\n")[0], response
        self.next_id = 0

    def _exactly(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("browser closed the connection")
            data += chunk
        return data

    def _receive(self):
        message = b""
        while True:
            first, second = self._exactly(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(self._exactly(2), "big")
            elif length == 127:
                length = int.from_bytes(self._exactly(8), "big")
            message += self._exactly(length)
            if first & 0x80:
                return json.loads(message)

    def call(self, method, **params):
        self.next_id += 1
        payload = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        mask = os.urandom(4)
        header = bytes([0x81]) + (bytes([0x80 | len(payload)]) if len(payload) < 126 else bytes([0x80 | 126]) + len(payload).to_bytes(2, "big"))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        while True:  # events arrive in between; only the answer to this call matters
            message = self._receive()
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def key(self, key, code, keycode, text=None):
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": keycode}
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", **down)
        self.call("Input.dispatchKeyEvent", type="keyUp", key=key, code=code, windowsVirtualKeyCode=keycode)

    def wait_for(self, condition, what, seconds=15):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if self.evaluate(f"document.readyState === 'complete' && ({condition})"):
                    return
            except RuntimeError as error:
                # Asked while a submitted form or a link replaced the page: ask the new one.
                if "navigated or closed" not in str(error):
                    raise
            time.sleep(0.1)
        raise TimeoutError(f"waited {seconds} s for {what}; page: {self.evaluate('document.body && document.body.innerText')!r:.300}")

    def tab_to(self, condition, what, limit=40):
        """Presses Tab until the focused element satisfies `condition`; returns the presses."""
        for presses in range(1, limit + 1):
            self.key("Tab", "Tab", 9)
            if self.evaluate(f"(e => !!e && ({condition}))(document.activeElement)"):
                return presses
        raise LookupError(f"Tab never reached {what}")


def main():
    chromium, base, paper, email = sys.argv[1:5]
    profile = tempfile.mkdtemp(prefix="paperboy-browser-")
    browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                                f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
                               stderr=subprocess.PIPE, text=True)
    try:
        for line in browser.stderr:
            if match := re.search(r"DevTools listening on (ws://\S+)", line):
                port = re.match(r"ws://[^:]+:(\d+)", match.group(1)).group(1)
                break
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        tools = DevTools(next(p for p in pages if p["type"] == "page")["webSocketDebuggerUrl"])
        tools.call("Page.enable")

        tools.call("Page.navigate", url=base + "/signin")
        tools.wait_for("!!document.querySelector('input[name=email]')", "the sign-in form")
        tabs = tools.tab_to("e.name === 'email'", "the e-mail field")
        tools.call("Input.insertText", text=email)
        tools.key("Enter", "Enter", 13, "\r")
        tools.wait_for("document.body.innerText.includes('is on its way')", "the link to be sent")
        print("link?", flush=True)
        link = sys.stdin.readline().strip()
        tools.call("Page.navigate", url=link)
        tools.wait_for(f"document.body.innerText.includes({json.dumps(email)})", "the signed-in front page")

        tools.call("Page.navigate", url=f"{base}/papers/{paper}")
        tools.wait_for("!!document.querySelector('button[aria-pressed]')", "the upvote button")
        before = tools.evaluate("document.querySelector('button[aria-pressed]').innerText")
        tabs += tools.tab_to("e.getAttribute('aria-pressed') === 'false'", "the upvote button")
        tools.key("Enter", "Enter", 13, "\r")
        tools.wait_for("document.querySelector('button[aria-pressed=true]') !== null", "the upvote to count")
        after = tools.evaluate("document.querySelector('button[aria-pressed]').innerText")
        print(json.dumps({"ok": True, "before": before, "after": after, "tabs": tabs}), flush=True)
    finally:
        browser.kill()


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # one line for the test report, not a traceback
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}), flush=True)
        sys.exit(1)
