#include "admin/metrics.hpp"

namespace tact::admin {
namespace {

void line(std::string& out, const char* name, const char* help, const char* type,
          std::uint64_t value, const char* labels = "") {
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
    out += " " + std::to_string(value) + "\n";
}

std::uint64_t read(const std::atomic<std::uint64_t>& counter) {
    return counter.load(std::memory_order_relaxed);
}

// One counter added up over the workers.
using Counter = std::atomic<std::uint64_t> proxy::TrafficCounters::*;
std::uint64_t total(const std::vector<WorkerReading>& workers, Counter counter) {
    std::uint64_t sum = 0;
    for (const auto& worker : workers) sum += read(worker.counters->*counter);
    return sum;
}

}  // namespace

std::string render_metrics(const std::vector<WorkerReading>& workers,
                           const audit::ConsentLogCounters* consent_log) {
    using C = proxy::TrafficCounters;
    const auto sum = [&workers](Counter counter) { return total(workers, counter); };
    std::string out;
    line(out, "tact_connections_open", "Client connections open now.", "gauge",
         sum(&C::connections_open));
    out +=
        "# HELP tact_worker_connections Client connections each worker thread serves now, TLS "
        "handshakes included (a new one goes to the worker with the fewest).\n# TYPE "
        "tact_worker_connections gauge\n";
    for (std::size_t worker = 0; worker < workers.size(); ++worker)
        out += "tact_worker_connections{worker=\"" + std::to_string(worker) + "\"} " +
               std::to_string(workers[worker].clients) + "\n";
    line(out, "tact_connections_total", "Client connections accepted.", "counter",
         sum(&C::connections_total));
    line(out, "tact_connections_refused_total",
         "Connections closed at once: over limits.max_connections.", "counter",
         sum(&C::connections_refused));
    line(out, "tact_requests_total", "Requests read.", "counter", sum(&C::requests_total));
    out +=
        "# HELP tact_responses_total Responses sent, by status class.\n# TYPE tact_responses_total "
        "counter\n";
    const std::pair<const char*, Counter> classes[] = {{"2xx", &C::responses_2xx},
                                                       {"3xx", &C::responses_3xx},
                                                       {"4xx", &C::responses_4xx},
                                                       {"5xx", &C::responses_5xx}};
    for (const auto& [label, counter] : classes)
        out += std::string("tact_responses_total{class=\"") + label + "\"} " +
               std::to_string(sum(counter)) + "\n";
    line(out, "tact_rejected_framing_total",
         "Requests refused for ambiguous framing (smuggling-shaped).", "counter",
         sum(&C::rejected_framing));
    line(out, "tact_consent_cookies_rejected_total",
         "Consent cookies treated as no consent: forged, tampered, expired or outdated.", "counter",
         sum(&C::consent_cookies_rejected));
    line(out, "tact_consents_on_outdated_banner_total",
         "Consents not recorded because the banner or policy the visitor saw is no longer served "
         "(a reload, or the visitor now in another jurisdiction; they were asked again). A few "
         "after each reload are expected; a steady rise with no reload may mean gateways behind "
         "one balancer serve different configurations.",
         "counter", sum(&C::consents_on_outdated_banner));
    line(out, "tact_upstream_connect_failures_total",
         "Origin connections that could not be made (502).", "counter",
         sum(&C::upstream_connect_failures));
    line(out, "tact_upstream_timeouts_total", "Origin responses that came too late (504).",
         "counter", sum(&C::upstream_timeouts));
    line(out, "tact_upstream_aborted_responses_total",
         "Origin responses cut short; the client connection was closed.", "counter",
         sum(&C::upstream_aborted_responses));
    if (consent_log) {
        line(out, "tact_consent_log_records_total", "Consent actions made durable in the log.",
             "counter", read(consent_log->records));
        line(out, "tact_consent_log_flushes_total",
             "fdatasync calls of the consent log (one per group of actions).", "counter",
             read(consent_log->flushes));
        line(out, "tact_consent_log_failures_total",
             "Consent actions refused (503) because the log could not make them durable.",
             "counter", read(consent_log->failures));
    }
    return out;
}

}  // namespace tact::admin
