// What a consent POST says, read from its JSON or form body before anything
// is checked against a policy: the answers as sent, what the visitor says
// they saw, and, from the no-script form, the page to go back to. Reading
// first and resolving later lets the endpoint tell a choice made on an
// outdated banner (whose purposes may no longer exist) from a bad one.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "consent/consent_state.hpp"
#include "policy/policy.hpp"

namespace tact::consent {

// What the visitor says they saw: the banner's language, its version, the
// hash of the policy whose purposes and switches it showed, and the layer
// they answered on ("first", "preferences"); empty from an API client.
struct Shown {
    std::string language, ui_version, policy_hash, layer;
};

struct PostedChoice {
    std::optional<std::string> all;           // "granted" or "refused", as sent
    std::map<std::string, std::string> each;  // purpose id -> "granted" or "refused", as sent
    Shown shown;
    std::string return_to;  // the form's "return" field: a path on this site, or ""

    // Whether any answer, as sent, is "granted".
    bool grants_something() const;
};

// {"all": "granted"} or {"purposes": {"personalization": "granted", ...}},
// with "shown"; the form equivalents all=granted, purpose.personalization=granted,
// shown.language=fa, return=/shoes. A withdrawal's body may be empty.
// Nothing when the body is malformed, with `problem` saying what is wrong.
std::optional<PostedChoice> read_posted_choice(std::string_view content_type, std::string_view body,
                                               bool withdraw, std::string& problem);

// An answer for every purpose of `policy`: strictly necessary ones granted,
// the rest as sent, and those a partial choice leaves out refused. A
// withdrawal takes no answers and refuses everything that can be refused.
// Nothing when an answer does not fit the policy, with `problem` set.
std::optional<std::map<std::string, Choice>> resolve_answers(const policy::Policy& policy,
                                                             const PostedChoice& choice,
                                                             bool withdraw, std::string& problem);

}  // namespace tact::consent
