"""Fixtures of the browser suite: Chromium, the course's JupyterLab, a page per test.

Without a Chromium (or without Playwright) every test is skipped with the reason;
with ``COURSE_REQUIRE_BROWSER=1`` (CI sets it) that is a failure instead.
Playwright drives the system's Chromium (``$COURSE_BROWSER`` or the first one on
``PATH``); it never downloads a browser.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from labdriver import (
    ARTIFACTS_VARIABLE,
    BROWSER_VARIABLE,
    CHROMIUM_FLAGS,
    REQUIRE_VARIABLE,
    Workbench,
    copy_course,
    find_browser,
    git_status,
    start_lab,
)


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (it comes with the course's dev extra)"
    if find_browser() is None:
        where = os.environ.get(BROWSER_VARIABLE)
        if where:
            return f"{BROWSER_VARIABLE}={where} is not a file"
        return ("no Chromium found on PATH (install it, e.g. `apt-get install chromium`, "
                f"or point {BROWSER_VARIABLE} at one)")
    return None


@pytest.fixture(scope="session")
def browser_path():
    reason = _missing()
    if reason:
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but the browser suite cannot run: {reason}", pytrace=False)
        pytest.skip(f"browser suite skipped: {reason}")
    return find_browser()


@pytest.fixture(scope="session")
def browser(browser_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=browser_path, headless=True,
                                              args=list(CHROMIUM_FLAGS))
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("course")


@pytest.fixture(scope="session")
def unchanged_tree():
    """The working tree's ``git status`` is the same after the suite as before it."""
    before = git_status()
    yield
    after = git_status()
    assert after == before, f"the browser suite changed the working tree:\nbefore:\n{before}\nafter:\n{after}"


@pytest.fixture(scope="session")
def lab(browser_path, scratch, unchanged_tree):
    """``course.py lab`` on a copy of the course; stopped with SIGTERM at the end."""
    root = copy_course(scratch / "course")
    server = start_lab(root, scratch / "lab")
    yield server
    code = server.stop()
    assert code == 128 + 15, f"course.py lab ended with {code} on SIGTERM:\n{server.output()}"


@pytest.fixture(autouse=True)
def _kernels_shut_down(request):
    """After each test, shut down every kernel the test started."""
    yield
    if "lab" in request.fixturenames:
        request.getfixturevalue("lab").shut_down_kernels()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def artifacts() -> Path:
    folder = Path(os.environ.get(ARTIFACTS_VARIABLE) or Path(tempfile.gettempdir()) / "course-browser-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def _workbench(browser, lab):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(30_000)
    bench = Workbench(context.new_page(), lab)
    bench.load()
    yield bench
    context.close()


@pytest.fixture
def workbench(_workbench, lab, request):
    """The suite's JupyterLab page with nothing open; a screenshot is saved if the test fails.

    One page serves every test: loading JupyterLab afresh costs several seconds.
    """
    _workbench.close_all()
    yield _workbench
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        path = artifacts() / f"{name}.png"
        try:
            _workbench.page.screenshot(path=str(path))
            print(f"screenshot of the failed test: {path}")
        except Exception as error:  # the page may be gone; the failure itself matters more
            print(f"no screenshot: {error}")
    try:
        _workbench.close_all()
    except Exception:  # a broken page is reloaded for the next test
        _workbench.load()
