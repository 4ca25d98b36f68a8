#!/usr/bin/env python3
"""Baseline for benches/benches/cidr.rs: Python's ipaddress.collapse_addresses on the same
1,000,000 IPv4 prefixes (splitmix64, seed 1, the same prefix mix as the Rust bench).

Prints the collapsed count (compare with the Rust bench's stderr line) and the median of
several timed runs. Only collapse_addresses is timed; building the IPv4Network objects is not.

Usage: python3 benches/baselines/collapse.py [--runs 5] [--count 1000000]
"""

import argparse
import ipaddress
import statistics
import sys
import time

MASK64 = (1 << 64) - 1


def splitmix64(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def random_cidrs(count, seed):
    rng = splitmix64(seed)
    nets = []
    for _ in range(count):
        draw = next(rng)
        addr = draw >> 32
        pick = (draw & 0xFFFF) % 100
        extra = ((draw >> 16) & 0xFF) % 8
        if pick < 60:
            length = 24
        elif pick < 90:
            length = 16 + extra
        else:
            length = 25 + extra
        network = addr & ((0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF)
        nets.append(ipaddress.IPv4Network((network, length)))
    return nets


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    nets = random_cidrs(args.count, 1)
    times = []
    collapsed = 0
    for _ in range(args.runs):
        start = time.perf_counter()
        collapsed = len(list(ipaddress.collapse_addresses(nets)))
        times.append(time.perf_counter() - start)
    print(f"python {sys.version.split()[0]}: {args.count} prefixes -> {collapsed} after collapse")
    print("runs (s): " + ", ".join(f"{t:.3f}" for t in times))
    print(f"median: {statistics.median(times) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
