#!/usr/bin/python3
"""board.py BUILD_DIR: the board (prio serve) driven in headless Chromium.

Loads the board, filters it, drags an item to the top and reads the new
rank back with `prio list`, edits a field, accepts a done item, sees a
change made by another process appear, and, as a developer, finds the
product fields read-only and the drag refused with the policy's reason.
Screenshots of each step go to BUILD_DIR/screenshots/. Run by make test.
"""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException,
                                        TimeoutException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
prio = os.path.join(build, "bin", "prio")
shots = os.path.join(build, "screenshots")
os.makedirs(shots, exist_ok=True)
tmp = tempfile.mkdtemp(prefix="prio-board-")
atexit.register(shutil.rmtree, tmp, True)   # a failed set-up too
ws = os.path.join(tmp, "shop")
env = dict(os.environ, PRIO_USER="alice", PRIO_TODAY="2026-12-01")
env.pop("PRIO_WORKSPACE", None)
failed = []
servers = []


def cli(*args, user="alice"):
    e = dict(env, PRIO_USER=user)
    return subprocess.run([prio, "-C", ws, *args], env=e, check=True,
                          capture_output=True, text=True).stdout


def check(what, ok, detail=""):
    print(("ok    " if ok else "FAIL  ") + what + (": " + detail if detail and not ok else ""))
    if not ok:
        failed.append(what)


def serve(user):
    p = subprocess.Popen([prio, "-C", ws, "serve", "--port", "0"],
                         env=dict(env, PRIO_USER=user), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    servers.append(p)
    for line in p.stdout:
        if line.startswith("http://"):
            return line.strip()
    sys.exit("board.py: prio serve printed no URL: " + p.stderr.read())


def top(n=1):
    return json.loads(cli("list", "--format", "json", "--limit", str(n)))


def sprint_ids():
    return [i["id"] for i in json.loads(cli("sprint", "show", "--format", "json"))["items"]]


def item(ref):
    return json.loads(cli("show", ref, "--format", "json"))


subprocess.run([prio, "init", ws], env=env, check=True, capture_output=True)
cli("import", os.path.join(root, "config", "sample.csv"))
with open(os.path.join(ws, "prio.ini"), "a") as f:
    f.write("\n[users]\nalice = product\ndev = developer\n")
cli("set", "SHOP-2", "status=done")
for key, value, effort in (("SHOP-1", 8, 2), ("SHOP-3", 9, 8), ("SHOP-4", 2, 1),
                           ("SHOP-5", 1, 9)):
    cli("set", key, "value=%d" % value, "effort=%d" % effort)
cli("sprint", "new", "S1", "--start", "2026-12-01", "--end", "2026-12-14",
    "--capacity", "20")
cli("sprint", "add", "SHOP-1")
cli("sprint", "add", "SHOP-10")
cli("criteria", "add", "SHOP-11", "Under 1 MB on a phone")
cli("set", "SHOP-10", "status=in-progress")

opts = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
          "--window-size=1280,800", "--disable-dev-shm-usage"):
    opts.add_argument(a)
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")),
                          options=opts)
wait = WebDriverWait(driver, 10, poll_frequency=0.05,
                     ignored_exceptions=[StaleElementReferenceException])
t0 = time.monotonic()
try:
    def click_until(css, done, tries=5):
        """Clicks css until done() holds: the list may be redrawn (a
        reload behind a change) between finding a button and the click."""
        for _ in range(tries):
            try:
                driver.find_element(By.CSS_SELECTOR, css).click()
            except (StaleElementReferenceException, NoSuchElementException):
                pass
            try:
                WebDriverWait(driver, 2, poll_frequency=0.05).until(lambda d: done())
                return
            except TimeoutException:
                continue
        wait.until(lambda d: done())

    url = serve("alice")
    driver.get(url)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loaded"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#list .row.item")
    check("the board loads the ranked backlog", len(rows) == 11, "%d rows" % len(rows))
    check("the token left the address bar", "token" not in driver.current_url)
    first = rows[0].find_element(By.CSS_SELECTOR, ".key").text
    check("the first row is prio list's first", first == top()[0]["key"], first)
    driver.save_screenshot(os.path.join(shots, "board.png"))

    # Filter with the CLI's grammar.
    box = driver.find_element(By.ID, "filter")
    box.send_keys("type:bug", Keys.ENTER)
    wait.until(lambda d: all(r.find_element(By.CSS_SELECTOR, ".type").text == "bug"
                             for r in d.find_elements(By.CSS_SELECTOR, "#list .row.item")))
    n = len(driver.find_elements(By.CSS_SELECTOR, "#list .row.item"))
    want = len(json.loads(cli("list", "type:bug", "--format", "json")))
    check("filter type:bug shows what prio list type:bug does", n == want, "%d vs %d" % (n, want))
    driver.save_screenshot(os.path.join(shots, "board-filter.png"))
    box.clear()
    box.send_keys(Keys.ENTER)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#list .row.item")) == 11)

    # Drag the fifth to the top: prio list then ranks it first.
    def row(rank):
        return driver.find_element(By.CSS_SELECTOR, '#list .row.item[data-rank="%d"]' % rank)
    fifth = row(5).get_attribute("data-id")
    ActionChains(driver).click_and_hold(row(5).find_element(By.CSS_SELECTOR, ".drag")) \
        .move_to_element(row(1)).move_by_offset(0, 2).release().perform()
    wait.until(lambda d: row(1).get_attribute("data-id") == fifth)
    check("a drag to the top ranks the item first in prio list",
          str(top()[0]["id"]) == fifth, "top is %s" % top()[0]["id"])
    check("the drag is in prio log", "backlog.order" in cli("log", fifth))
    print("      drag round trip: %s ms" % driver.find_element(By.TAG_NAME, "body")
          .get_attribute("data-drag-ms"))
    driver.save_screenshot(os.path.join(shots, "board-drag.png"))

    # Edit a field inline.
    second = row(2)
    sid = second.get_attribute("data-id")
    click_until('#list .row.item[data-id="%s"] .estimate' % sid,
                lambda: driver.find_elements(By.CSS_SELECTOR, "#list .estimate input"))
    inp = driver.find_element(By.CSS_SELECTOR, "#list .estimate input")
    inp.send_keys(Keys.CONTROL, "a")
    inp.send_keys("13", Keys.ENTER)
    wait.until(lambda d: item(sid)["estimate"] == 13)
    check("an inline edit is prio set", item(sid)["estimate"] == 13)
    click_until("#undo", lambda: item(sid)["estimate"] != 13)
    check("Undo is prio undo", "undo" in cli("log", sid), cli("log", sid))

    # Accept a done item (finished work is shown with "finished too").
    driver.find_element(By.ID, "all").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#list .row.item[data-id='2'] .accept"))
    click_until("#list .row.item[data-id='2'] .accept",
                lambda: item("SHOP-2")["status"] == "accepted")
    check("Accept is prio accept", item("SHOP-2")["status"] == "accepted")
    driver.save_screenshot(os.path.join(shots, "board-accept.png"))

    # An item's panel: prio explain and prio log.
    driver.find_element(By.ID, "all").click()
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#list .row.item[data-id='2']"))
    click_until('#list .row.item[data-rank="1"] .key',
                lambda: "WSJF" in driver.find_element(By.ID, "panel-explain").text)
    panel = driver.find_element(By.ID, "panel").text
    check("a key opens the item's explain", "score" in panel and "rank 1 of" in panel, panel)
    check("... its acceptance criteria", "Under 1 MB on a phone" in panel, panel)
    check("... and its log, the drag's pin in it", "backlog.order" in panel, panel)
    driver.save_screenshot(os.path.join(shots, "board-panel.png"))
    moved = driver.find_element(By.ID, "panel").get_attribute("data-id")
    driver.find_element(By.ID, "move-bottom").click()
    wait.until(lambda d: "of the manual order" in d.find_element(By.ID, "msg").text)
    check("the panel's manual order is prio move --bottom",
          json.loads(cli("show", moved, "--format", "json"))["position"] == 12,
          cli("show", moved, "--format", "json"))
    driver.find_element(By.ID, "panel-close").click()

    # The value/effort 2x2 and the sprint by status.
    driver.find_element(By.CSS_SELECTOR, "#views [data-view=quadrants]").click()
    wait.until(lambda d: "Quick wins" in d.find_element(By.ID, "board").text)
    boxes = {b.find_element(By.TAG_NAME, "h2").text.split(":")[0]: b.text
             for b in driver.find_elements(By.CSS_SELECTOR, "#board .box")}
    want = {c["key"]: c["class"] for c in json.loads(cli(
        "rank", "--method", "value_effort", "--format", "json")) if c["class"]}
    names = {"quick-win": "Quick wins", "big-bet": "Big bets",
             "fill-in": "Fill-ins", "time-sink": "Time sinks"}
    check("the 2x2 puts each item where prio rank --method value_effort does",
          len(want) == 4 and all(k in boxes[names[c]] for k, c in want.items()),
          "%s vs %s" % (want, boxes))
    driver.save_screenshot(os.path.join(shots, "board-2x2.png"))
    driver.find_element(By.CSS_SELECTOR, "#views [data-view=sprint]").click()
    wait.until(lambda d: "in-progress (1" in d.find_element(By.ID, "board").text)
    text = driver.find_element(By.ID, "board").text
    check("the sprint board has its items by status", "SHOP-10" in text and "SHOP-1" in text, text)
    check("... and its capacity", "13 of 20 points committed" in
          driver.find_element(By.ID, "count").text, driver.find_element(By.ID, "count").text)
    driver.save_screenshot(os.path.join(shots, "board-sprint.png"))
    click_until("#board .card[data-id='10'] .sprint-rm", lambda: 10 not in sprint_ids())
    wait.until(lambda d: "SHOP-10" not in d.find_element(By.ID, "board").text)
    check("taking an item out is prio sprint rm", 10 not in sprint_ids(), sprint_ids())
    driver.find_element(By.CSS_SELECTOR, "#views [data-view=charts]").click()
    wait.until(lambda d: "Sprint burndown: S1" in d.find_element(By.ID, "board").text)
    bd = json.loads(cli("burndown", "--format", "json"))
    text = driver.find_element(By.ID, "board").text
    check("the charts are prio burndown, velocity and the release forecast",
          "%s of %s points left on %s" % (bd["remaining"], bd["scope"], bd["as_of"]) in text
          and "no closed sprint yet" in text, text)
    driver.save_screenshot(os.path.join(shots, "board-charts.png"))
    driver.find_element(By.CSS_SELECTOR, "#views [data-view=backlog]").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#list .row.item")) == 11)
    click_until("#list .row.item[data-id='10'] .sprint-add", lambda: 10 in sprint_ids())
    check("+ puts an item into the sprint: prio sprint add", True)

    # Another process's change appears.
    t1 = time.monotonic()
    cli("set", "SHOP-3", "title=Changed from the command line")
    wait.until(lambda d: "Changed from the command line" in
               d.find_element(By.ID, "list").text)
    seen = time.monotonic() - t1
    check("a change by prio set appears within a second", seen < 1.0, "%.2f s" % seen)
    print("      another process's change shown after %.0f ms" % (seen * 1000))

    # As a developer: value fields read-only, with the reason; a drag refused.
    url = serve("dev")
    driver.delete_all_cookies()
    driver.get(url)
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-loaded"))
    title = row(1).find_element(By.CSS_SELECTOR, ".title")
    check("a field the role may not change is read-only",
          "ro" in title.get_attribute("class").split())
    check("... with the policy's reason on hover",
          "only the product role may change title" in (title.get_attribute("title") or ""), title.get_attribute("title"))
    before = cli("list")
    third = row(3).get_attribute("data-id")
    ActionChains(driver).click_and_hold(row(3).find_element(By.CSS_SELECTOR, ".drag")) \
        .move_to_element(row(1)).move_by_offset(0, 2).release().perform()
    wait.until(lambda d: d.find_element(By.ID, "msg").is_displayed())
    msg = driver.find_element(By.ID, "msg").text
    check("a drag as the wrong role shows the policy's refusal",
          "only the product role may move and pin items" in msg, msg)
    check("... and changes nothing", cli("list") == before)
    check("... and the refusal is in prio log", "refused" in cli("log", third).lower(),
          cli("log", third))
    driver.save_screenshot(os.path.join(shots, "board-refused.png"))
except Exception:
    driver.save_screenshot(os.path.join(shots, "board-failed.png"))
    print(driver.get_log("browser"))
    raise
finally:
    driver.quit()
    for p in servers:
        p.terminate()
        p.wait()
print("board: %d failed, %.1f s" % (len(failed), time.monotonic() - t0))
sys.exit(1 if failed else 0)
