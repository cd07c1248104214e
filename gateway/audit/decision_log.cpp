#include "audit/decision_log.hpp"

#include <date/date.h>

#include <cassert>
#include <nlohmann/json.hpp>
#include <random>

#include "policy/explanation.hpp"

namespace tact::audit {
namespace {

// Per thread: sampling and request ids need no lock and no shared state.
std::mt19937_64& thread_random() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    return random;
}

// A random id for this request's line: it ties nothing to the visitor.
std::string new_request_id() {
    static constexpr char kHex[] = "0123456789abcdef";
    auto bits = thread_random()();
    std::string id(16, '0');
    for (auto& c : id) c = kHex[bits & 0xf], bits >>= 4;
    return id;
}

}  // namespace

std::string format_decision_record(std::chrono::system_clock::time_point time,
                                   std::string_view request_id, const policy::Decision& decision,
                                   const consent::ConsentState& consent,
                                   const std::vector<personalize::SlotChoice>& choices,
                                   bool include_values) {
    const auto explained = policy::decision_json(
        decision, consent,
        include_values ? policy::ShownValues::contextual : policy::ShownValues::none);
    nlohmann::json line{
        {"time", date::format("%FT%TZ", std::chrono::floor<std::chrono::milliseconds>(time))},
        {"request", request_id},
        {"jurisdiction", decision.jurisdiction},
        {"policy", decision.policy ? decision.policy->id : ""},
        {"policy_hash", decision.policy ? decision.policy->hash : ""},
        {"consent", policy::consent_summary(consent)},
        {"used", explained["used"]},
        {"withheld", explained["withheld"]},
        {"variants", personalize::choices_json(choices)},
    };
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool DecisionLog::configure(const DecisionLogSettings& settings) {
    if (!file_.open(settings.path)) return false;
    sample_rate_ = settings.sample_rate;
    include_values_ = settings.include_values;
    return true;
}

void DecisionLog::record(const policy::Decision& decision, const consent::ConsentState& consent,
                         const std::vector<personalize::SlotChoice>& choices, LineBuffer& lines) {
    assert(&lines.file() == &file_);
    if (!lines.enabled()) return;
    const double rate = sample_rate_.load(std::memory_order_relaxed);
    if (rate < 1.0 && std::uniform_real_distribution<double>(0.0, 1.0)(thread_random()) >= rate)
        return;
    lines.write(format_decision_record(std::chrono::system_clock::now(), new_request_id(), decision,
                                       consent, choices,
                                       include_values_.load(std::memory_order_relaxed)));
}

}  // namespace tact::audit
