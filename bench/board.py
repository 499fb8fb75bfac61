"""The board's speed in a real browser (headless Chromium, Selenium), for
bench.py: a workspace's backlog page from the navigation to its first
screenful drawn, and to every row loaded and drawn; a drag's round trip,
from the drop to the pin answered and the list redrawn. The page itself
records them (web/board.js: data-first-draw-ms, data-full-draw-ms,
data-drag-ms)."""
import os
import shutil
import subprocess

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def board_times(prio, ws, runs, env=None):
    """Seconds: (first screenfuls, whole lists, drag round trips), `runs`
    of each."""
    server = subprocess.Popen([prio, "-C", ws, "serve", "--port", "0"],
                              env=env, stdout=subprocess.PIPE, text=True)
    driver = None
    try:
        url = next(line for line in server.stdout
                   if line.startswith("http://")).strip()
        opts = webdriver.ChromeOptions()
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
                  "--window-size=1280,900", "--disable-dev-shm-usage"):
            opts.add_argument(a)
        driver = webdriver.Chrome(
            service=Service(shutil.which("chromedriver")), options=opts)
        wait = WebDriverWait(driver, 30, poll_frequency=0.02,
                             ignored_exceptions=[StaleElementReferenceException])
        body = lambda: driver.find_element(By.TAG_NAME, "body")
        draws, fulls, drags = [], [], []
        driver.get(url)          # the token becomes a cookie
        wait.until(lambda d: body().get_attribute("data-loaded"))
        base = url.split("/?")[0] + "/"
        for _ in range(runs):
            driver.get(base)
            wait.until(lambda d: body().get_attribute("data-loaded"))
            draws.append(int(body().get_attribute("data-first-draw-ms")) / 1000)
            fulls.append(int(body().get_attribute("data-full-draw-ms")) / 1000)
        for k in range(runs):
            row = lambda r: driver.find_element(
                By.CSS_SELECTOR, '#list .row.item[data-rank="%d"]' % r)
            for attempt in range(10):   # the list may redraw meanwhile
                try:
                    ActionChains(driver).click_and_hold(
                        row(5).find_element(By.CSS_SELECTOR, ".drag")) \
                        .move_to_element(row(1)).move_by_offset(0, 2) \
                        .release().perform()
                    break
                except StaleElementReferenceException:
                    if attempt == 9:
                        raise
            wait.until(lambda d: body().get_attribute("data-drags") == str(k + 1))
            drags.append(int(body().get_attribute("data-drag-ms")) / 1000)
        return draws, fulls, drags
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait()
