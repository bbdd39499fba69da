#!/usr/bin/python3
"""webdriver.py: drives headless Chromium through chromedriver's WebDriver
HTTP API (urllib only) to check an episode page: clicking a chapter and
pressing Enter on a transcript time seek the player; a soundbite's button
plays it and pauses at its end.

usage: webdriver.py DRIVER_PORT PAGE_URL SCREENSHOT PROFILE_DIR
Prints "ok - ..." / "not ok - ..." lines for tests/run.sh."""
import base64
import json
import sys
import time
import urllib.request

port, page, shot, profile = sys.argv[1:5]
base = "http://127.0.0.1:%s" % port
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["value"]


def check(desc, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond and detail:
        print("#   " + str(detail))


args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--mute-audio",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=420,900", "--user-data-dir=" + profile]
caps = {"capabilities": {"alwaysMatch": {
    "browserName": "chrome",
    "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}}
sid = call("POST", "/session", caps)["sessionId"]
S = "/session/" + sid


def js(script, *a):
    return call("POST", S + "/execute/sync", {"script": script,
                                              "args": list(a)})


def find(css):
    return call("POST", S + "/element",
                {"using": "css selector", "value": css})[ELEMENT]


def wait_for(script, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        v = js(script)
        if v:
            return v
        time.sleep(0.1)
    return js(script)


try:
    call("POST", S + "/url", {"url": page})
    check("the episode page loads", "Chapters" in js(
        "return document.body.innerText"))
    ready = wait_for("var a=document.getElementById('player');"
                     "return a && a.readyState >= 1 && a.duration > 0")
    check("the player loads the audio's metadata", ready)
    dur = js("return document.getElementById('player').duration")
    buttons = js("return Array.from(document.querySelectorAll("
                 "'ol.chapters button[data-t]')).map("
                 "function(b){return parseFloat(b.dataset.t)})")
    check("the page lists chapter buttons", len(buttons) >= 2, buttons)
    target = buttons[1]
    check("the player starts at 0",
          js("return document.getElementById('player').currentTime") < 1)
    btn = call("POST", S + "/elements", {"using": "css selector",
                                         "value": "ol.chapters button"})[1]
    call("POST", S + "/element/%s/click" % btn[ELEMENT], {})
    t = wait_for("var a=document.getElementById('player');"
                 "return a.currentTime >= %f - 0.01 && a.currentTime;"
                 % target, 10)
    check("clicking chapter 2 moves the player to %.1f s" % target,
          t and abs(t - target) < 3, "currentTime %s (duration %s)" % (t, dur))
    # Keyboard: Enter on a transcript time.
    cues = js("return Array.from(document.querySelectorAll("
              "'.transcript button[data-t]')).map("
              "function(b){return parseFloat(b.dataset.t)})")
    if cues:
        last = call("POST", S + "/elements",
                    {"using": "css selector",
                     "value": ".transcript button"})[-1]
        want = cues[-1]
        js("document.getElementById('player').pause()")
        call("POST", S + "/element/%s/value" % last[ELEMENT],
             {"text": "\ue007"})
        t = wait_for("var a=document.getElementById('player');"
                     "return Math.abs(a.currentTime - %f) < 3 && "
                     "a.currentTime;" % want, 10)
        check("Enter on a transcript time moves the player to %.1f s"
              % want, t, js("return document.getElementById("
                            "'player').currentTime"))
    # A soundbite's button plays it from its start and pauses at its end.
    bites = js("return Array.from(document.querySelectorAll("
               "'ul.soundbites button[data-t]')).map(function(b){"
               "return [parseFloat(b.dataset.t), parseFloat(b.dataset.d)]})")
    check("the page lists soundbite buttons", len(bites) >= 1, bites)
    if bites:
        start, length = bites[0]
        js("document.getElementById('player').pause()")
        b = call("POST", S + "/elements", {"using": "css selector",
                                           "value": "ul.soundbites button"})[0]
        call("POST", S + "/element/%s/click" % b[ELEMENT], {})
        t = wait_for("var a=document.getElementById('player');"
                     "return !a.paused && a.currentTime >= %f - 0.01 && "
                     "a.currentTime;" % start, 10)
        check("the soundbite button plays from %.1f s" % start,
              t and abs(t - start) < 3, t)
        end = wait_for("var a=document.getElementById('player');"
                       "return a.paused && a.currentTime > %f && "
                       "a.currentTime;" % start, length + 15)
        check("and pauses at its end (%.1f s)" % (start + length),
              end and start + length - 0.01 <= end < start + length + 1.5,
              "paused at %s" % end)
    png = base64.b64decode(call("GET", S + "/screenshot"))
    with open(shot.replace(".png", "-transcript.png"), "wb") as f:
        f.write(png)
    js("window.scrollTo(0, 0)")
    png = base64.b64decode(call("GET", S + "/screenshot"))
    with open(shot, "wb") as f:
        f.write(png)
    check("a screenshot was saved", png[:8] == b"\x89PNG\r\n\x1a\n")
    vw = js("return [document.documentElement.scrollWidth, "
            "window.innerWidth]")
    check("the page fits a phone-width window (no sideways scroll)",
          vw[0] <= vw[1], vw)
finally:
    call("DELETE", S)
