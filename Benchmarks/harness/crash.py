"""`scripts/crash-test` rounds (`--crash-test`)."""

import datetime
import os
import subprocess
import time

from .common import BINARY, CRASH_END, CRASH_START, ROOT, current_commit, machine, replace_section

def crash_test(options, command):
    """scripts/crash-test, its output kept as a section of BENCHMARKS.md."""
    started = time.monotonic()
    completed = subprocess.run([os.path.join(ROOT, "scripts", "crash-test"), "--rounds", str(options.crash_test),
                                "--binary", BINARY], cwd=ROOT, capture_output=True, text=True)
    print(completed.stdout + completed.stderr, flush=True)
    lines = [CRASH_START, "## Crash consistency: SIGKILL during import, transactions and statistics", "",
             f"- command: `{command}` (runs `scripts/crash-test --rounds {options.crash_test}`)",
             f"- commit: {current_commit()}; machine: {machine()}; {datetime.date.today().isoformat()}; "
             f"{time.monotonic() - started:.0f} s in all",
             "- each round kills the release server three times on one database: mid-import of a generated Bulk Data "
             "export (1,000 patients), mid-stream of transactions (a Patient and 5 Observations each), and mid-refresh "
             "of population statistics on a copy of the 100,000-patient population; after each kill `PRAGMA "
             "integrity_check` and `foreign_key_check` are clean", "",
             "```", *[line for line in completed.stdout.splitlines() if line.strip()],
             *[line for line in completed.stderr.splitlines() if line.strip()], "```", CRASH_END]
    replace_section(options.output, CRASH_START, CRASH_END, lines)
    return completed.returncode == 0
