#include "policy/reason.hpp"

namespace tact::policy {

std::string Reason::text() const {
    const std::string s(subject);
    switch (kind) {
        case Kind::allowed_always:
            return "allowed without consent";
        case Kind::strictly_necessary:
            return s + " is strictly necessary";
        case Kind::consent_given:
            return "consent to " + s + " given";
        case Kind::not_refused:
            return s + " not refused (opt-out)";
        case Kind::sensitive_keyword:
            return "sensitive keyword (" + s + "): never used";
        case Kind::not_named:
            return "the policy does not name it";
        case Kind::never_allowed:
            return "the policy never allows it";
        case Kind::too_fine:
            return "finer than the policy allows: " + s + ", allowed down to " +
                   std::string(detail);
        case Kind::needs_consent:
            return "needs consent to " + s + " (opt-in), not given";
        case Kind::needs_own_grant:
            return "a personal signal: needs the visitor's own consent to " + s + ", not given";
        case Kind::refused:
            return "the visitor refused " + s;
        case Kind::refused_by_gpc:
            return "Global Privacy Control refuses " + s;
        case Kind::off_by_default:
            return s + " is off until the visitor turns it on";
        case Kind::unknown_purpose:
            return "the policy has no purpose \"" + s + "\"";
        case Kind::no_policies:
            return "no policies are configured";
        case Kind::not_read:
            return "not read: no rule reads it and Tact-Context does not carry it";
    }
    return "unknown reason";
}

}  // namespace tact::policy
