#include "config/restart_only_change.hpp"

namespace tact::config {
namespace {

// The first key of `consent.log` that differs, or nothing.
std::optional<std::string> changed_log_key(const ConsentLogFiles& a, const ConsentLogFiles& b) {
    if (a.directory != b.directory) return "consent.log.directory";
    if (a.signing_key != b.signing_key) return "consent.log.signing_key";
    if (a.checkpoint_every != b.checkpoint_every) return "consent.log.checkpoint_every";
    if (a.checkpoint_interval != b.checkpoint_interval) return "consent.log.checkpoint_seconds";
    if (a.segment_bytes != b.segment_bytes) return "consent.log.segment_megabytes";
    if (a.segment_age != b.segment_age) return "consent.log.segment_hours";
    return std::nullopt;
}

}  // namespace

std::optional<std::string> consent_log_change(const Config& running, const Config& next) {
    constexpr const char* kFix = ": restart the gateway to apply it, or put the running value back";
    if (!running.consent && next.consent)
        return std::string("adding \"consent\" opens a consent log, which happens only at start") +
               kFix;
    if (running.consent && !next.consent)
        return std::string("removing \"consent\" would leave the banner without its log") + kFix;
    if (!running.consent) return std::nullopt;
    if (auto key = changed_log_key(running.consent->log, next.consent->log))
        return "key \"" + *key + "\" changed: the consent log is opened only at start" + kFix;
    return std::nullopt;
}

}  // namespace tact::config
