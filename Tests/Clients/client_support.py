"""What the client scripts of Tests/Clients share (each runs as `python3 Tests/Clients/NAME.py`, so this folder is
on the import path): a failed check, a free loopback port, and an HTTP call that returns error answers too."""

import socket
import urllib.error
import urllib.request


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, method="GET", body=None, headers=None, timeout=30):
    """(status, headers, body) of the answer, an HTTP error's included."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
