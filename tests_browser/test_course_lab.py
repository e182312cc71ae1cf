"""``python3 course.py lab``: the command the README gives students starts JupyterLab and stops it whole."""

from __future__ import annotations

import socket
import sys
import time

import pytest
from labdriver import load_course_module, start_lab


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table in /proc")
def test_course_py_lab_leaves_no_server_or_kernel_running_after_sigterm(lab, scratch):
    course = load_course_module()
    second = start_lab(lab.root, scratch / "lab-stopped")
    try:
        second.api("POST", "kernels", {"name": "python3"})
        deadline = time.monotonic() + 60
        while len(course._descendants(second.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)  # course.py -> JupyterLab -> the kernel
        below = course._descendants(second.process.pid)
        assert len(below) >= 2, f"expected JupyterLab and a kernel below course.py, found {below}"
        assert len(second.kernels()) == 1
    finally:
        code = second.stop()
    assert code == 128 + 15, second.output()
    running = [pid for pid, start in below if course._alive(pid, start)]
    assert running == [], f"still running after course.py stopped: {running}\n{second.output()}"
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", second.port)) != 0, "the port still answers"
    assert "Stopping JupyterLab and its kernels" in second.output()
