#!/usr/bin/python3
"""stats_report.py: opens podkit stats --html's page in headless Chromium
through chromedriver (urllib only) and checks it: it renders with no
console error, and the numbers its charts carry equal the database's.

usage: stats_report.py DRIVER_PORT PAGE_URL SCREENSHOT PROFILE_DIR DB
Prints "ok - ..." / "not ok - ..." lines for tests/run.sh. The expected
numbers are read from the SQLite database directly, not through podkit."""
import base64
import datetime
import json
import sqlite3
import sys
import time
import urllib.request

port, page, shot, profile, dbpath = sys.argv[1:6]
base = "http://127.0.0.1:%s" % port


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["value"]


def check(desc, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + desc)
    if not cond and detail:
        print("#   " + str(detail)[:2000])


# What the page should show, straight from the database.
db = sqlite3.connect(dbpath)
rows = db.execute("SELECT d.day, d.episode, COALESCE(e.title, d.episode),"
                  " d.app, d.platform FROM downloads d LEFT JOIN episodes e"
                  " ON e.guid = d.episode").fetchall()
total = len(rows)
per_day, per_ep, apps, plats, first = {}, {}, {}, {}, {}
for day, ep, title, app, plat in rows:
    per_day[day] = per_day.get(day, 0) + 1
    per_ep[title] = per_ep.get(title, 0) + 1
    apps[app] = apps.get(app, 0) + 1
    plats[plat] = plats.get(plat, 0) + 1
    first[title] = min(first.get(title, day), day)
d7, d30 = {}, {}
for day, ep, title, app, plat in rows:
    age = (datetime.date.fromisoformat(day) -
           datetime.date.fromisoformat(first[title])).days
    d7[title] = d7.get(title, 0) + (age < 7)
    d30[title] = d30.get(title, 0) + (age < 30)
# Days without downloads between the first and the last are zero bars.
d = datetime.date.fromisoformat(min(per_day))
while d < datetime.date.fromisoformat(max(per_day)):
    d += datetime.timedelta(days=1)
    per_day.setdefault(d.isoformat(), 0)

args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=800,1200",
        "--user-data-dir=" + profile]
caps = {"capabilities": {"alwaysMatch": {
    "browserName": "chrome", "goog:loggingPrefs": {"browser": "ALL"},
    "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}}
sid = call("POST", "/session", caps)["sessionId"]
S = "/session/" + sid


def js(script, *a):
    return call("POST", S + "/execute/sync", {"script": script,
                                              "args": list(a)})


def bars(css):
    got = js("return Array.from(document.querySelectorAll(arguments[0]))"
             ".map(function(g){return [g.dataset.label,"
             " parseInt(g.dataset.value, 10),"
             " g.getBoundingClientRect().width > 0]})", css)
    return {k: v for k, v, _ in got}, all(vis for _, _, vis in got)


try:
    call("POST", S + "/url", {"url": page})
    end = time.time() + 15
    while time.time() < end and js("return document.readyState") != "complete":
        time.sleep(0.1)
    check("the report loads", "Downloads per day" in js(
        "return document.body.innerText"))
    check("the total is the database's", js(
        "return document.getElementById('total').textContent") == str(total),
        (total,))
    for css, want, name in (("#days g.bar", per_day, "per day"),
                            ("#episodes-chart g.bar", per_ep, "per episode"),
                            ("#windows g.d7", d7, "first 7 days"),
                            ("#windows g.d30", d30, "first 30 days"),
                            ("#apps g.bar", apps, "apps"),
                            ("#platforms g.bar", plats, "platforms")):
        got, visible = bars(css)
        check("chart %s: the numbers are the database's" % name, got == want,
              (got, want))
        check("chart %s: every bar is drawn" % name, visible and len(got) > 0)
    cells = js("return Array.from(document.querySelectorAll("
               "'#episodes tbody tr')).map(function(r){return "
               "Array.from(r.cells).map(function(c){return c.textContent})})")
    table = {c[0]: (int(c[1]), int(c[2]), int(c[3])) for c in cells}
    check("the table's numbers are the database's",
          table == {t: (per_ep[t], d7[t], d30[t]) for t in per_ep},
          table)
    check("the page loads nothing from outside", js(
        "return performance.getEntriesByType('resource').length") == 0)
    png = base64.b64decode(call("GET", S + "/screenshot"))
    with open(shot, "wb") as f:
        f.write(png)
    check("a screenshot was saved", png[:8] == b"\x89PNG\r\n\x1a\n")
    logs = call("POST", S + "/se/log", {"type": "browser"})
    errors = [e for e in logs if e.get("level") in ("SEVERE", "WARNING")]
    check("no console errors or warnings", not errors, errors)
finally:
    call("DELETE", S)
