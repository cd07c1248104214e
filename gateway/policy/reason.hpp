// Why a signal was used or withheld, or why a purpose counts as consented to.
// Held as a kind plus the words it names (a purpose, a category, a
// granularity), all pointing into the policy or the signal catalog, and put
// into a sentence only when someone reads it: deciding costs no string.
#pragma once

#include <string>
#include <string_view>

namespace tact::policy {

struct Reason {
    enum class Kind {
        allowed_always,      // "allowed without consent"
        strictly_necessary,  // subject: purpose
        consent_given,       // subject: purpose
        not_refused,         // opt-out; subject: purpose
        sensitive_keyword,   // subject: category
        not_named,           // the policy has no rule for it
        never_allowed,
        too_fine,         // subject: the signal's granularity, detail: the allowed one
        needs_consent,    // opt-in; subject: purpose
        needs_own_grant,  // a personal signal without the visitor's grant; subject: purpose
        refused,          // subject: purpose
        refused_by_gpc,   // subject: purpose
        off_by_default,   // opt-out purpose off until turned on; subject: purpose
        unknown_purpose,  // subject: purpose
        no_policies,      // the gateway runs without policies
        not_read,         // no rule and no context header reads it, so it is not taken or kept
    };
    Kind kind = Kind::not_named;
    std::string_view subject;
    std::string_view detail;

    bool allows() const {
        return kind == Kind::allowed_always || kind == Kind::strictly_necessary ||
               kind == Kind::consent_given || kind == Kind::not_refused;
    }
    std::string text() const;
};

}  // namespace tact::policy
