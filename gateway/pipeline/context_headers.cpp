#include "pipeline/context_headers.hpp"

namespace tact::pipeline {
namespace {

std::string percent_encoded(std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~' || c == '/';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    return out;
}

}  // namespace

Headers context_headers(const policy::Decision& decision) {
    Headers headers;
    if (decision.policy_id.empty()) return headers;
    headers.emplace_back("Tact-Policy",
                         decision.policy_id + "; revision=\"" + decision.policy_revision +
                             "\"; jurisdiction=" + percent_encoded(decision.jurisdiction));
    std::string signals;
    for (const auto& s : decision.used)
        signals += (signals.empty() ? "" : ", ") + s.name + "=" + percent_encoded(s.value);
    if (!signals.empty()) headers.emplace_back("Tact-Signals", std::move(signals));
    return headers;
}

}  // namespace tact::pipeline
