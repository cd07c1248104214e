// One jurisdiction's policy, as a compliance officer wrote it in
// policies/*.json (policies/README.md documents every key). Loaded and
// validated by policy_loader; the engine only reads it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/resolved_signal_rules.hpp"
#include "policy/sensitive_terms.hpp"

namespace tact::policy {

enum class ConsentModel { opt_in, opt_out };

struct Purpose {
    std::string id;                                  // "personalization"
    std::map<std::string, std::string> title;        // language -> text shown in the banner
    std::map<std::string, std::string> description;  // language -> text
    bool required = false;                           // strictly necessary: cannot be refused
    bool default_under_opt_out = true;               // the state before any answer, under opt-out
};

// A purpose's title or description in `language` ("fa"), else in English,
// else in any language it has ("" if none).
std::string_view in_language(const std::map<std::string, std::string>& texts,
                             const std::string& language);

// How one signal (or a family of them: "geo") may be used.
struct SignalRule {
    enum class Allowed { always, with_consent, never };
    Allowed allowed = Allowed::never;
    std::string purpose;      // with_consent: the purpose whose consent covers it
    std::string granularity;  // the finest allowed; "" = as fine as the signal comes
};

struct GpcHandling {
    bool honoured = false;
    std::vector<std::string> refuses;  // purposes a GPC signal refuses
};

// How the banner must behave (consent/banner_layout.hpp reads the last two).
struct BannerRules {
    // Refusing is one click, like accepting. The banner always offers it on
    // its first layer; false only records that the law here does not ask for it.
    bool reject_on_first_layer = true;
    // A purpose that counts as on without an answer (opt-out) may start
    // ticked, unless it covers a personal signal (consent/banner_layout.hpp).
    bool pre_ticked_allowed = false;
    // The banner opens by itself until the visitor has answered.
    bool show_before_processing = true;
};

struct Policy {
    std::filesystem::path file;
    std::string id;             // the file name without .json: "eu-gdpr"
    std::string title;          // "EU GDPR and ePrivacy Directive"
    std::string version;        // the human version string: "2026-11-01"
    std::string hash;           // SHA-256 (hex) of the file's canonical JSON
    std::string purposes_hash;  // the same of "purposes" alone: a choice stays valid while it holds
    std::vector<std::string> references;
    std::vector<std::string> applies_to;  // "DE", "US-CA"; empty for the fallback
    bool fallback = false;
    int applies_to_line = 0;  // where applies_to (or fallback) is written, for errors
    ConsentModel consent_model = ConsentModel::opt_in;
    std::vector<Purpose> purposes;
    using SignalRules = std::map<std::string, SignalRule, std::less<>>;
    SignalRules signals;  // signal name or family -> rule
    GpcHandling gpc;
    unsigned consent_max_age_days = 180;
    unsigned reprompt_after_refusal_days = 180;
    BannerRules banner;
    unsigned consent_log_retention_days = 1095;
    // category -> terms, normalized like search keywords (keyword_text.hpp)
    std::map<std::string, std::vector<std::string>> sensitive_keywords;
    SensitiveTerms sensitive_terms;  // the same, indexed for the request path

    const Purpose* find_purpose(std::string_view id) const;
    // The rule for a signal: its own, else its family's ("geo" for "geo.city").
    const SignalRule* rule_for(std::string_view signal) const;
    // A signal's rule with what the gate asks of it: from the worked-out
    // table when the signal is there, else worked out now (a policy built in
    // code, or a copy, whose table is empty).
    ResolvedSignalRule resolved_rule(std::string_view signal) const;
    // Works out every catalog signal's rule for rule_for to look up: done by
    // PolicySet when it takes the policy in, after which the policy is const.
    void resolve_signal_rules();
    ResolvedSignalRules resolved_rules;  // empty until resolve_signal_rules
    // "2026-11-01 (sha256:3f2a9c01b7e4)": what logs and explanations quote.
    std::string revision;
};

}  // namespace tact::policy
