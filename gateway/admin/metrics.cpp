#include "admin/metrics.hpp"

namespace tact::admin {
namespace {

void line(std::string& out, const char* name, const char* help, const char* type,
          const std::atomic<std::uint64_t>& value, const char* labels = "") {
    out += "# HELP ";
    out += name;
    out += " ";
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += " ";
    out += type;
    out += "\n";
    out += name;
    out += labels;
    out += " " + std::to_string(value.load(std::memory_order_relaxed)) + "\n";
}

}  // namespace

std::string render_metrics(const proxy::TrafficCounters& c,
                           const audit::ConsentLogCounters* consent_log,
                           const std::vector<unsigned>& clients_per_worker) {
    std::string out;
    line(out, "tact_connections_open", "Client connections open now.", "gauge", c.connections_open);
    out +=
        "# HELP tact_worker_connections Client connections each worker thread serves now, TLS "
        "handshakes included (a new one goes to the worker with the fewest).\n# TYPE "
        "tact_worker_connections gauge\n";
    for (std::size_t worker = 0; worker < clients_per_worker.size(); ++worker)
        out += "tact_worker_connections{worker=\"" + std::to_string(worker) + "\"} " +
               std::to_string(clients_per_worker[worker]) + "\n";
    line(out, "tact_connections_total", "Client connections accepted.", "counter",
         c.connections_total);
    line(out, "tact_connections_refused_total",
         "Connections closed at once: over limits.max_connections.", "counter",
         c.connections_refused);
    line(out, "tact_requests_total", "Requests read.", "counter", c.requests_total);
    out +=
        "# HELP tact_responses_total Responses sent, by status class.\n# TYPE tact_responses_total "
        "counter\n";
    const std::pair<const char*, const std::atomic<std::uint64_t>*> classes[] = {
        {"2xx", &c.responses_2xx},
        {"3xx", &c.responses_3xx},
        {"4xx", &c.responses_4xx},
        {"5xx", &c.responses_5xx}};
    for (const auto& [label, counter] : classes)
        out += std::string("tact_responses_total{class=\"") + label + "\"} " +
               std::to_string(counter->load(std::memory_order_relaxed)) + "\n";
    line(out, "tact_rejected_framing_total",
         "Requests refused for ambiguous framing (smuggling-shaped).", "counter",
         c.rejected_framing);
    line(out, "tact_consent_cookies_rejected_total",
         "Consent cookies treated as no consent: forged, tampered, expired or outdated.", "counter",
         c.consent_cookies_rejected);
    line(out, "tact_upstream_connect_failures_total",
         "Origin connections that could not be made (502).", "counter",
         c.upstream_connect_failures);
    line(out, "tact_upstream_timeouts_total", "Origin responses that came too late (504).",
         "counter", c.upstream_timeouts);
    line(out, "tact_upstream_aborted_responses_total",
         "Origin responses cut short; the client connection was closed.", "counter",
         c.upstream_aborted_responses);
    if (consent_log) {
        line(out, "tact_consent_log_records_total", "Consent actions made durable in the log.",
             "counter", consent_log->records);
        line(out, "tact_consent_log_flushes_total",
             "fdatasync calls of the consent log (one per group of actions).", "counter",
             consent_log->flushes);
        line(out, "tact_consent_log_failures_total",
             "Consent actions refused (503) because the log could not make them durable.",
             "counter", consent_log->failures);
    }
    return out;
}

}  // namespace tact::admin
