#include "pipeline/context_headers.hpp"

#include "policy/permit.hpp"

namespace tact::pipeline {
namespace {

// Appends `value` percent-encoded: RFC 3986 unreserved characters and '/' stay.
void append_encoded(std::string& out, std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char c : value) {
        const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~' || c == '/';
        if (unreserved) {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            const char escape[3] = {'%', kHex[byte >> 4], kHex[byte & 0xf]};
            out.append(escape, 3);
        }
    }
}

}  // namespace

Headers context_headers(const policy::Decision& decision, const consent::ConsentState& consent) {
    Headers headers;
    if (!decision.policy) return headers;
    std::string policy =
        decision.policy->id + "; revision=\"" + decision.policy->revision + "\"; jurisdiction=";
    append_encoded(policy, decision.jurisdiction);
    headers.emplace_back("Tact-Policy", std::move(policy));
    std::string purposes;
    for (const auto& purpose : decision.policy->purposes) {
        if (!purposes.empty()) purposes += ", ";
        purposes += purpose.id;  // policy ids are lower-case tokens: valid dictionary keys
        const bool on = purpose.required ||
                        policy::purpose_decision(*decision.policy, consent, purpose.id).allows();
        purposes += on ? "=?1" : "=?0";
    }
    if (!purposes.empty()) headers.emplace_back("Tact-Consent", std::move(purposes));
    if (decision.used.empty()) return headers;
    std::string signals;
    signals.reserve(decision.used.size() * 32);
    for (const auto& s : decision.used) {
        if (!signals.empty()) signals += ", ";
        signals += s.name;
        signals += '=';
        append_encoded(signals, s.value);
    }
    headers.emplace_back("Tact-Signals", std::move(signals));
    return headers;
}

}  // namespace tact::pipeline
