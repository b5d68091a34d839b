#!/usr/bin/env python3
"""Times several commands round-robin: one run of each side, then the next
round. On a shared 2-vCPU machine the speed drifts over minutes; sides timed
one after another (as hyperfine does) can land in different phases, while
interleaved sides share them.

Usage: interleave.py --warmup N --runs N --json OUT  NAME 'COMMAND' [NAME 'COMMAND' ...]
A COMMAND is split on spaces; leading VAR=value words set its environment.
Each run is posix_spawn + waitpid, timed with the monotonic clock; stdout and
stderr go to /dev/null. A failing run stops the benchmark with its exit code.
"""
import argparse
import json
import os
import statistics
import sys
import time


def parse(command):
    words = command.split()
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith("/"):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return words, env


def run_once(argv, env, null):
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)])
    _, status = os.waitpid(pid, 0)
    elapsed = (time.perf_counter_ns() - start) / 1e9
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} exited with {code}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", required=True)
    parser.add_argument("sides", nargs="+")
    args = parser.parse_args()
    if len(args.sides) % 2:
        sys.exit("give NAME COMMAND pairs")
    sides = [(args.sides[i], *parse(args.sides[i + 1])) for i in range(0, len(args.sides), 2)]
    null = os.open(os.devnull, os.O_WRONLY)
    times = {name: [] for name, _, _ in sides}
    for round_number in range(args.warmup + args.runs):
        for name, argv, env in sides:
            elapsed = run_once(argv, env, null)
            if round_number >= args.warmup:
                times[name].append(elapsed)
    results = [{"command": name, "median": statistics.median(values), "mean": statistics.fmean(values),
                "min": min(values), "max": max(values), "times": values} for name, values in times.items()]
    with open(args.json, "w") as out:
        json.dump({"results": results}, out)


if __name__ == "__main__":
    main()
