"""What the benches that start a server share: a free port, and waiting until it answers."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url: str, times: int, process: subprocess.Popen,
                         seconds: float = 60) -> None:
    """Return once ``url`` has answered 200 ``times`` times (gunicorn's sync workers take
    turns, so a few rounds per worker reach all of them: a bound port alone is not readiness,
    workers take seconds to import); kill ``process`` and raise after ``seconds``."""
    deadline = time.time() + seconds
    answered = 0
    while answered < times:
        if time.time() > deadline:
            process.kill()
            raise RuntimeError(f"{url} did not answer")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                answered += response.status == 200
        except OSError:
            time.sleep(0.2)
