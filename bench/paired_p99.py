#!/usr/bin/env python3
"""Pairs tact's p99 with nginx's round by round, over the saved output
(stdout and stderr) of any number of comparison runs:

    bench/personalize_vs_nginx.sh build/gateway/tact 8 5 > run1.log 2>&1
    bench/paired_p99.py run1.log run2.log ... [--page small] [--throughput | --margin P]

Within one round the two proxies ran back to back, so each round's
difference (tact's p99 minus nginx's) is one paired sample; drift in the
machine's speed between rounds cancels out of it. Prints the differences,
how many favour each proxy, their median, and a bootstrap 95% confidence
interval of that median. With --throughput, the same for each round's ratio
of requests per second (tact's over nginx's).

Two equal proxies give a median difference whose interval straddles zero
however many rounds are run, so "p99 no worse" can only be shown within a
margin, fixed before the runs (a non-inferiority test): --margin P pairs
each round's p99 as a ratio (tact's over nginx's) and says whether the
upper ends of both intervals of its median stay below 1 + P/100.

Rounds of one run share that run's hour of the machine, so they are not
quite independent; a second interval resamples the runs (the log files)
first and the rounds within each, the more cautious of the two."""
import argparse
import random
import re
import statistics

ROUND = re.compile(r"^\s*(\S+) (nginx|tact) round (\d+): (\S+) \S+ (\S+)")


def paired_rounds(paths, page, throughput, ratio=False):
    """Per file, the two proxies' p99 (or requests per second) of the same
    round, whichever ran first (the scripts swap the order every other
    round): tact's minus nginx's, or with `ratio` (always for requests per
    second) tact's over nginx's. One list per file."""
    runs = []
    for path in paths:
        rounds = {}
        with open(path) as log:
            for line in log:
                match = ROUND.match(line)
                if match and match.group(1) == page:
                    value = float(match.group(4 if throughput else 5))
                    rounds.setdefault(int(match.group(3)), {})[match.group(2)] = value
        runs.append([r["tact"] / r["nginx"] if throughput or ratio else r["tact"] - r["nginx"]
                     for _, r in sorted(rounds.items()) if "tact" in r and "nginx" in r])
    # In a canonical order, so that the intervals do not depend on the order
    # the logs were named in (a shell glob puts run10 before run2).
    return sorted(run for run in runs if run)


def interval(medians):
    medians.sort()
    return medians[int(len(medians) * 0.025)], medians[int(len(medians) * 0.975) - 1]


def bootstrap_median_interval(samples, draws=10_000, seed=1):
    rng = random.Random(seed)
    return interval([statistics.median(rng.choices(samples, k=len(samples)))
                     for _ in range(draws)])


def two_level_median_interval(runs, draws=10_000, seed=1):
    """Runs drawn with replacement, then rounds within each drawn run."""
    rng = random.Random(seed)
    medians = []
    for _ in range(draws):
        drawn = [rng.choice(runs) for _ in runs]
        medians.append(statistics.median(
            [value for run in drawn for value in rng.choices(run, k=len(run))]))
    return interval(medians)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("logs", nargs="+")
    parser.add_argument("--page", default="small",
                        help="row label: small or large (personalize), 1k or 100k (proxy)")
    parser.add_argument("--throughput", action="store_true",
                        help="pair requests per second (tact/nginx) instead of p99")
    parser.add_argument("--margin", type=float, metavar="PERCENT",
                        help="also test p99 no worse than nginx's by more than PERCENT")
    args = parser.parse_args()
    if args.throughput and args.margin is not None:
        parser.error("--margin tests p99: drop --throughput")
    runs = paired_rounds(args.logs, args.page, args.throughput)
    samples = [value for run in runs for value in run]
    if len(samples) < 2:
        raise SystemExit(f"fewer than two rounds of page '{args.page}' in the logs")
    low, high = bootstrap_median_interval(samples)
    run_low, run_high = two_level_median_interval(runs)
    if args.throughput:
        print("tact/nginx requests per second per round:",
              " ".join(f"{r:.2f}" for r in sorted(samples)))
        print(f"{len(samples)} rounds: tact faster in {sum(r > 1 for r in samples)}, "
              f"slower in {sum(r < 1 for r in samples)}, level in "
              f"{sum(r == 1 for r in samples)}")
        print(f"median {statistics.median(samples):.3f}x, "
              f"95% confidence interval of the median {low:.3f}x to {high:.3f}x")
        print(f"resampling the {len(runs)} runs too: {run_low:.3f}x to {run_high:.3f}x")
        return
    print("tact p99 - nginx p99 per round (ms):",
          " ".join(f"{d:+.2f}" for d in sorted(samples)))
    print(f"{len(samples)} rounds: tact better in {sum(d < 0 for d in samples)}, "
          f"worse in {sum(d > 0 for d in samples)}, level in "
          f"{sum(d == 0 for d in samples)}")
    print(f"median {statistics.median(samples):+.3f} ms, "
          f"95% confidence interval of the median {low:+.3f} to {high:+.3f} ms")
    print(f"resampling the {len(runs)} runs too: {run_low:+.3f} to {run_high:+.3f} ms")
    if args.margin is not None:
        print_non_inferiority(paired_rounds(args.logs, args.page, False, ratio=True),
                              args.margin)


def print_non_inferiority(runs, margin_percent):
    """tact's p99 over nginx's per round; shown only when both intervals'
    upper ends stay below the margin fixed beforehand."""
    samples = [value for run in runs for value in run]
    _, high = bootstrap_median_interval(samples)
    _, run_high = two_level_median_interval(runs)
    bound = 1 + margin_percent / 100
    print(f"tact p99 / nginx p99: median {statistics.median(samples):.3f}, upper ends of "
          f"the two 95% intervals {high:.3f} and {run_high:.3f}")
    verdict = "shown" if max(high, run_high) < bound else "not shown"
    print(f"p99 no worse than nginx's by more than {margin_percent:g}% "
          f"(both upper ends below {bound:.3f}): {verdict}")


if __name__ == "__main__":
    main()
