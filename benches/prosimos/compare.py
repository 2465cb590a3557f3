"""Cross-checks the workload simulation of ozg against Prosimos.

Runs the profile benches/prosimos/bewohnerparkausweis.toml on the parking
permit sample several times with different seeds, in `ozg simulate --load`
and, after `ozg export prosimos`, in Prosimos; compares the mean cycle time
and the clerks' utilisation while applications arrive, with 95 %
confidence intervals, and the run times of both on this machine. Writes
the result as the section "Cross-check with Prosimos" of
docs/benchmarks.md, replacing it when it is there.

Run it through benches/prosimos-compare, which builds ozg and installs
Prosimos first. Prosimos takes no seed on its command line; each
replication runs in a fresh interpreter that seeds NumPy (which all its
random draws come from) before it simulates.
"""

import csv
import datetime as dt
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

SERVICE = "bewohnerparkausweis"
SECTION = "## Cross-check with Prosimos"

# A replication of Prosimos in a fresh interpreter: seeds NumPy and
# Python's own generator, simulates, and prints how long the simulation
# alone took (without starting Python and importing Prosimos).
PROSIMOS_RUN = """
import random, sys, time
import numpy
seed = int(sys.argv[1])
numpy.random.seed(seed)
random.seed(seed)
from prosimos.simulation_engine import run_simulation
began, cpu = time.perf_counter(), time.process_time()
run_simulation(sys.argv[2], sys.argv[3], int(sys.argv[4]), stat_out_path=sys.argv[5],
               log_out_path=sys.argv[6], starting_at=sys.argv[7])
print(time.perf_counter() - began, time.process_time() - cpu)
"""


def main():
    root = Path(__file__).resolve().parents[2]
    ozg = Path(sys.argv[1])
    replications = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    profile_path = root / "benches/prosimos" / f"{SERVICE}.toml"
    profile = tomllib.loads(profile_path.read_text())
    cases = profile["run"]["cases"]
    staff = profile["staff"]["clerk"]
    people = staff["people"]
    hours = parse_hours(staff["hours"])

    with tempfile.TemporaryDirectory(prefix="prosimos-compare-") as work:
        work = Path(work)
        export = subprocess.run(
            [ozg, "export", "prosimos", SERVICE, "-C", root / "samples",
             "--load", profile_path, "--out", work],
            check=True, capture_output=True, text=True)
        starting_at = next(
            word.split(" ")[0] for word in export.stderr.split("--starting_at ")[1:])
        bpmn = work / f"{SERVICE}.bpmn"
        parameters = work / f"{SERVICE}.json"

        ozg_runs, prosimos_runs = [], []
        for seed in range(1, replications + 1):
            ozg_runs.append(run_ozg(ozg, root, profile_path, seed))
            prosimos_runs.append(run_prosimos(
                work, bpmn, parameters, cases, starting_at, seed, people, hours))
            print(f"replication {seed}: ozg {ozg_runs[-1]['cycle']:.2f} d "
                  f"{ozg_runs[-1]['utilisation']:.3f}, prosimos "
                  f"{prosimos_runs[-1]['cycle']:.2f} d "
                  f"{prosimos_runs[-1]['utilisation']:.3f}", file=sys.stderr)

    section = report(ozg_runs, prosimos_runs, cases, replications, export.stderr)
    write_section(root / "docs/benchmarks.md", section)
    print(section)


def children_cpu():
    """CPU seconds (user and system) of the finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_ozg(ozg, root, profile_path, seed):
    began, cpu = time.perf_counter(), children_cpu()
    out = subprocess.run(
        [ozg, "simulate", SERVICE, "-C", root / "samples", "--load", profile_path,
         "--seed", str(seed), "--format", "json"],
        check=True, capture_output=True, text=True).stdout
    wall, cpu = time.perf_counter() - began, children_cpu() - cpu
    report = json.loads(out)
    clerk = next(s for s in report["staff"] if s["role"] == "clerk")
    return {
        "cycle": report["cycle_time"]["calendar_days"]["mean"],
        "utilisation": clerk["utilisation_while_arriving"],
        "ended": report["cases"]["ended"],
        "wall": wall,
        "cpu": cpu,
    }


def run_prosimos(work, bpmn, parameters, cases, starting_at, seed, people, hours):
    stats = work / f"stats-{seed}.csv"
    log = work / f"log-{seed}.csv"
    began, cpu = time.perf_counter(), children_cpu()
    out = subprocess.run(
        [sys.executable, "-c", PROSIMOS_RUN, str(seed), bpmn, parameters, str(cases),
         stats, log, starting_at],
        check=True, capture_output=True, text=True, cwd=work).stdout
    wall, cpu = time.perf_counter() - began, children_cpu() - cpu
    simulation, simulation_cpu = map(float, out.strip().splitlines()[-1].split())

    cycle_seconds, traces = None, 0
    with open(stats, newline="") as f:
        for row in csv.reader(f):
            if row and row[0] == "cycle_time":
                cycle_seconds, traces = float(row[3]), int(row[5])
    if cycle_seconds is None:
        raise SystemExit(f"Prosimos wrote no cycle time into {stats}")

    arrivals, work_periods = {}, []
    with open(log, newline="") as f:
        for row in csv.DictReader(f):
            enabled = parse_time(row["enable_time"])
            case = row["case_id"]
            arrivals[case] = min(arrivals.get(case, enabled), enabled)
            work_periods.append((parse_time(row["start_time"]), parse_time(row["end_time"])))
    first = min(arrivals.values())
    window_start = first.replace(hour=0, minute=0, second=0, microsecond=0)
    last = max(arrivals.values())
    window_end = last.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    busy = sum(working_seconds(a, b, window_start, window_end, hours)
               for a, b in work_periods)
    available = people * working_seconds(window_start, window_end, window_start, window_end,
                                         hours)
    return {
        "cycle": cycle_seconds / 86400,
        "utilisation": busy / available,
        "ended": traces,
        "wall": wall,
        "cpu": cpu,
        "simulation": simulation,
        "simulation_cpu": simulation_cpu,
    }


def parse_hours(text):
    """[(from, to)] in seconds of the day from "08:00-12:00, 13:00-16:00"."""
    ranges = []
    for part in text.split(","):
        start, end = part.strip().split("-")
        ranges.append((clock_seconds(start), clock_seconds(end)))
    return ranges


def clock_seconds(text):
    h, m = text.split(":")
    return int(h) * 3600 + int(m) * 60


def parse_time(text):
    return dt.datetime.fromisoformat(text)


def working_seconds(a, b, window_start, window_end, hours):
    """Seconds of [a, b] within the window that fall into working hours
    (Monday to Friday; the run holds no public holiday)."""
    a, b = max(a, window_start), min(b, window_end)
    total = 0.0
    day = a.replace(hour=0, minute=0, second=0, microsecond=0)
    while day < b:
        if day.weekday() < 5:
            for start, end in hours:
                s = max(a, day + dt.timedelta(seconds=start))
                e = min(b, day + dt.timedelta(seconds=end))
                if e > s:
                    total += (e - s).total_seconds()
        day += dt.timedelta(days=1)
    return total


def interval(values):
    """The mean and the half-width of its 95 % confidence interval."""
    from scipy.stats import t

    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, math.nan
    half = t.ppf(0.975, len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return mean, half


def agreement(a, b):
    """The difference of the means, the half-width of its 95 % interval
    (Welch), and whether zero lies within it."""
    from scipy.stats import t

    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    se = math.sqrt(va + vb)
    freedom = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1)) if se > 0 else 1
    half = t.ppf(0.975, freedom) * se
    diff = statistics.fmean(a) - statistics.fmean(b)
    return diff, half, abs(diff) <= half


def report(ozg_runs, prosimos_runs, cases, replications, export_notes):
    version = subprocess.run(
        [sys.executable, "-m", "pip", "show", "prosimos"],
        capture_output=True, text=True).stdout
    version = next((line.split(": ")[1] for line in version.splitlines()
                    if line.startswith("Version: ")), "?")
    rows = []
    for key, label, fmt in [("cycle", "mean cycle time, calendar days", "{:.2f}"),
                            ("utilisation", "clerk utilisation while arriving", "{:.3f}")]:
        a = [r[key] for r in ozg_runs]
        b = [r[key] for r in prosimos_runs]
        (ma, ha), (mb, hb) = interval(a), interval(b)
        diff, half, same = agreement(a, b)
        rows.append(f"| {label} | {fmt.format(ma)} ± {fmt.format(ha)} | "
                    f"{fmt.format(mb)} ± {fmt.format(hb)} | "
                    f"{fmt.format(diff)} ± {fmt.format(half)} | "
                    f"{'yes' if same else 'no'} |")
    def total(runs, key):
        return sum(r[key] for r in runs)

    ozg_wall, ozg_cpu = total(ozg_runs, "wall"), total(ozg_runs, "cpu")
    prosimos_wall, prosimos_cpu = total(prosimos_runs, "wall"), total(prosimos_runs, "cpu")
    simulation_wall = total(prosimos_runs, "simulation")
    simulation_cpu = total(prosimos_runs, "simulation_cpu")
    load = os.getloadavg()[0]
    ended_ozg = {r["ended"] for r in ozg_runs}
    ended_prosimos = {r["ended"] for r in prosimos_runs}
    notes = "\n".join(f"  {line}" for line in export_notes.splitlines()
                      if line.startswith("warning: "))
    cpu = platform.processor() or platform.machine()
    return f"""{SECTION}

`benches/prosimos-compare` runs the same workload in `ozg simulate --load`
and in Prosimos {version} (the business process simulator from PyPI, on
the model and parameters `ozg export prosimos` writes; see
[prosimos.md](prosimos.md)): the parking permit sample with the profile
`benches/prosimos/bewohnerparkausweis.toml`, {cases} applications, which
uses only what both simulators express (no public holiday in the run, no
monthly factors, every applicant answers before a deadline could move the
case). Each simulator runs {replications} replications with the seeds 1 to
{replications}; the figures are means with the half-width of their 95 %
confidence interval (Student's t), and the difference with its 95 %
interval (Welch). The two agree when that interval holds 0.

| figure | ozg | Prosimos | difference | agree |
|---|---|---|---|---|
{chr(10).join(rows)}

The cycle time runs from submission to the end of the case. Utilisation
is busy time over the clerks' available time from the first day to the
end of the day the last application arrived (ozg's
`utilisation_while_arriving`; for Prosimos computed from its event log
the same way). Cases ended per replication: ozg {sorted(ended_ozg)},
Prosimos {sorted(ended_prosimos)}.

Run times on one machine ({os.cpu_count()} cores, {cpu}, shared with
other work: load average {load:.1f} at the end), all {replications}
replications, each as a program run, ozg and Prosimos taking turns (ozg:
release build, JSON report; Prosimos: a fresh Python, event log and
statistics written). CPU time is user and system time of the process; ozg
simulates on two threads.

| | wall time | per replication | CPU time | per replication |
|---|---|---|---|---|
| ozg | {ozg_wall:.2f} s | {ozg_wall / replications * 1000:.0f} ms | {ozg_cpu:.2f} s | {ozg_cpu / replications * 1000:.0f} ms |
| Prosimos | {prosimos_wall:.1f} s | {prosimos_wall / replications:.2f} s | {prosimos_cpu:.1f} s | {prosimos_cpu / replications:.2f} s |
| Prosimos, the simulation alone | {simulation_wall:.1f} s | {simulation_wall / replications:.2f} s | {simulation_cpu:.1f} s | {simulation_cpu / replications:.2f} s |

A run of ozg is {prosimos_wall / ozg_wall:.0f} times as fast as a run of
Prosimos in wall time ({prosimos_cpu / ozg_cpu:.0f} times in CPU time), and
{simulation_wall / ozg_wall:.0f} times as fast as Prosimos's simulation
alone, without starting Python and importing Prosimos
({simulation_cpu / ozg_cpu:.0f} times in CPU time), though ozg also
generates, validates and assesses each application, which Prosimos does
not.

What the export reported it approximated for this profile:

```
{notes}
```
"""


def write_section(path, section):
    text = path.read_text()
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        rest = "" if end < 0 else text[end:]
        text = text[:start] + section.rstrip("\n") + "\n" + rest
    path.write_text(text)


if __name__ == "__main__":
    main()
