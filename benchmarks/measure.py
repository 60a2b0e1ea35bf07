"""Measuring the bot's processes, shared by the benchmarks: percentiles, the process tree
under a bot (fork server, engine workers) with its memory (VmRSS, VmHWM, PSS from /proc), and
the CPU seconds of each part of a set-up (bot event loops, engine workers, the double, this
process, PostgreSQL, the whole machine).
"""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path


def pct(values: list[float], p: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- memory ---------------------------------------------------------------------------------


def _status(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) // 1024
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                out["Pss"] = int(line.split()[1]) // 1024
    except OSError:
        out["Pss"] = 0
    return out


def process_tree(root: int) -> list[tuple[str, int]]:
    """(role, pid) for the bot and every process under it (fork server, workers, tracker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = [("bot", root)], [(root, 0)]
    while frontier:
        pid, depth = frontier.pop()
        for child, parent in sorted(parents.items()):
            if parent != pid:
                continue
            try:
                cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            role = (
                "resource tracker"
                if "resource_tracker" in cmd
                else "fork server"
                if depth == 0
                else "engine worker"
            )
            found.append((role, child))
            frontier.append((child, depth + 1))
    return found


def pss_mb(root: int, tree: bool = True) -> int:
    """The PSS of a process (MB), with every process under it when `tree`."""
    pids = [pid for _, pid in process_tree(root)] if tree else [root]
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += _status(pid).get("Pss", 0)
    return total


def memory_table(root: int, label: str) -> list[str]:
    lines = [
        f"memory {label}",
        f"{'process':<18}{'pid':>8}{'VmRSS MB':>10}{'VmHWM MB':>10}{'Pss MB':>8}",
    ]
    total = {"VmRSS": 0, "Pss": 0}
    for role, pid in process_tree(root):
        try:
            m = _status(pid)
        except OSError:
            continue
        total["VmRSS"] += m.get("VmRSS", 0)
        total["Pss"] += m.get("Pss", 0)
        lines.append(
            f"{role:<18}{pid:>8}{m.get('VmRSS', 0):>10}{m.get('VmHWM', 0):>10}{m.get('Pss', 0):>8}"
        )
    lines.append(f"{'all processes':<18}{'':>8}{total['VmRSS']:>10}{'':>10}{total['Pss']:>8}")
    return lines


# --- CPU --------------------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds used) of a process, or None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def _all_pids() -> list[int]:
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid in _all_pids():
        if (st := _stat(pid)) is not None:
            children.setdefault(st[0], []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / TICKS, total / TICKS


class CpuMeter:
    """CPU seconds used by each part of the set-up between `start()` and `stop()`."""

    def __init__(self, bots: list[int]) -> None:
        self.bots = bots

    def _groups(self) -> dict[str, list[int]]:
        engines = [p for bot in self.bots for p in descendants(bot)]
        postgres = [p for p in _all_pids() if _comm(p).startswith("postgres")]
        return {"loops": self.bots, "engines": engines, "double": [os.getpid()], "pg": postgres}

    def _read(self) -> dict[str, float]:
        used = {}
        for name, pids in self._groups().items():
            used[name] = sum(st[1] for p in pids if (st := _stat(p)) is not None)
        used["busy"], used["total"] = machine_busy()
        return used

    def start(self) -> None:
        self.before = self._read()

    def stop(self) -> dict[str, float]:
        after = self._read()
        return {k: after[k] - self.before[k] for k in after}
