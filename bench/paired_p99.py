#!/usr/bin/env python3
"""Pairs tact's p99 with nginx's round by round, over the saved output
(stdout and stderr) of any number of comparison runs:

    bench/personalize_vs_nginx.sh build/gateway/tact 8 5 > run1.log 2>&1
    bench/paired_p99.py run1.log run2.log ... [--page small]

Within one round the two proxies ran back to back, so each round's
difference (tact's p99 minus nginx's) is one paired sample; drift in the
machine's speed between rounds cancels out of it. Prints the differences,
how many favour each proxy, their median, and a bootstrap 95% confidence
interval of that median."""
import argparse
import random
import re
import statistics

ROUND = re.compile(r"^\s*(\S+) (nginx|tact) round (\d+): \S+ \S+ (\S+)")


def paired_differences(paths, page):
    """Per file, the two proxies' p99 of the same round, whichever ran first
    (the scripts swap the order every other round)."""
    differences = []
    for path in paths:
        rounds = {}
        with open(path) as log:
            for line in log:
                match = ROUND.match(line)
                if match and match.group(1) == page:
                    rounds.setdefault(int(match.group(3)), {})[match.group(2)] = float(match.group(4))
        differences += [r["tact"] - r["nginx"] for _, r in sorted(rounds.items())
                        if "tact" in r and "nginx" in r]
    return differences


def bootstrap_median_interval(samples, draws=10_000, seed=1):
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(samples, k=len(samples)))
                     for _ in range(draws))
    return medians[int(draws * 0.025)], medians[int(draws * 0.975) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logs", nargs="+")
    parser.add_argument("--page", default="small",
                        help="row label: small or large (personalize), 1k or 100k (proxy)")
    args = parser.parse_args()
    differences = paired_differences(args.logs, args.page)
    if len(differences) < 2:
        raise SystemExit(f"fewer than two rounds of page '{args.page}' in the logs")
    low, high = bootstrap_median_interval(differences)
    print("tact p99 - nginx p99 per round (ms):",
          " ".join(f"{d:+.2f}" for d in sorted(differences)))
    print(f"{len(differences)} rounds: tact better in {sum(d < 0 for d in differences)}, "
          f"worse in {sum(d > 0 for d in differences)}, level in "
          f"{sum(d == 0 for d in differences)}")
    print(f"median {statistics.median(differences):+.3f} ms, "
          f"95% confidence interval of the median {low:+.3f} to {high:+.3f} ms")


if __name__ == "__main__":
    main()
