-- wrk script: after a run, print the latency distribution in more detail
-- than --latency does (mean, standard deviation, 10th to 99.9th percentile,
-- in milliseconds), on one line that wrk_runs.sh passes on to stderr.
done = function(summary, latency, requests)
  local line = string.format("latency ms: mean %.2f sd %.2f", latency.mean / 1000, latency.stdev / 1000)
  for _, p in ipairs({10, 25, 50, 75, 90, 95, 99, 99.9}) do
    line = line .. string.format(" p%s %.2f", p, latency:percentile(p) / 1000)
  end
  io.write(line .. string.format(" max %.1f\n", latency.max / 1000))
end
