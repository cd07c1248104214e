#include "policy/policy_loader.hpp"

#include <algorithm>
#include <map>

#include "config/config_error.hpp"
#include "config/located_json.hpp"
#include "config/object_reader.hpp"
#include "config/text_file.hpp"
#include "policy/policy_hash.hpp"
#include "signals/catalog.hpp"
#include "signals/keyword_text.hpp"

namespace tact::policy {
namespace {

using config::ConfigError;
using config::ObjectReader;

// Purposes every policy declares, so that the banner, rules and consent
// records can rely on them whatever the jurisdiction.
constexpr std::array<std::string_view, 4> kRequiredPurposes{"necessary", "personalization",
                                                            "analytics", "advertising"};

// ePrivacy guidance (e.g. CNIL 2020-091, EDPB) caps consent's life at 13 months.
constexpr std::uint64_t kThirteenMonthsInDays = 395;

std::string read_text(const std::filesystem::path& file) {
    auto text = config::read_text_file(file);
    if (!text)
        throw ConfigError(file.string() +
                          ": cannot read this policy file. Fix: check that it "
                          "exists and is readable.");
    return std::move(*text);
}

std::string list_of(const auto& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

bool is_place_code(std::string_view code) {
    // ISO 3166-1 alpha-2 ("DE") or ISO 3166-2 ("US-CA", "GB-ENG", "FR-75C").
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto upper_or_digit = [&](char c) { return upper(c) || (c >= '0' && c <= '9'); };
    if (code.size() < 2 || !upper(code[0]) || !upper(code[1])) return false;
    if (code.size() == 2) return true;
    if (code[2] != '-' || code.size() < 4 || code.size() > 6) return false;
    return std::all_of(code.begin() + 3, code.end(), upper_or_digit);
}

std::vector<std::string> read_places(ObjectReader& r) {
    const std::string fix =
        "list ISO 3166-1 country codes (\"DE\") or ISO 3166-2 subdivisions (\"US-CA\")";
    auto places = r.string_list("applies_to", fix).value_or(std::vector<std::string>{});
    for (std::size_t i = 0; i < places.size(); ++i)
        if (!is_place_code(places[i]))
            r.fail("applies_to/" + std::to_string(i), "\"" + places[i] + "\" is not a place code",
                   fix);
    return places;
}

Purpose read_purpose(ObjectReader r) {
    Purpose p;
    p.id = r.string("id", "name the purpose, e.g. \"personalization\"").value_or("");
    if (p.id.empty()) r.fail("id", "every purpose needs an id", "add \"id\": \"personalization\"");
    // Ids travel in headers (Tact-Consent keys, RFC 8941) and form fields.
    const bool token = p.id.front() >= 'a' && p.id.front() <= 'z' &&
                       std::all_of(p.id.begin(), p.id.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                       });
    if (!token)
        r.fail("id", "\"" + p.id + "\" is not a purpose id",
               "use lower-case letters, digits and _, starting with a letter, e.g. "
               "\"email_marketing\"");
    const std::string text_fix = "write {\"en\": \"...\", \"de\": \"...\"}: one text per language";
    if (auto title = r.object("title")) p.title = title->string_entries(text_fix);
    if (auto description = r.object("description"))
        p.description = description->string_entries(text_fix);
    if (p.title.empty()) r.fail("title", "a purpose needs a title the banner can show", text_fix);
    p.required = r.boolean("required").value_or(false);
    p.default_under_opt_out = r.boolean("default_under_opt_out").value_or(true);
    r.reject_unknown_keys({"id", "title", "description", "required", "default_under_opt_out"});
    return p;
}

std::vector<Purpose> read_purposes(ObjectReader& r) {
    const std::string fix = "list the purposes as objects: [{\"id\": \"necessary\", ...}, ...]";
    auto readers = r.object_list("purposes", fix);
    if (!readers) r.fail("purposes", "a policy must declare its purposes", fix);
    std::vector<Purpose> purposes;
    for (auto& reader : *readers) purposes.push_back(read_purpose(reader));
    for (const auto id : kRequiredPurposes) {
        if (std::none_of(purposes.begin(), purposes.end(),
                         [&](const Purpose& p) { return p.id == id; }))
            r.fail("purposes", "the purpose \"" + std::string(id) + "\" is missing",
                   "declare at least: " + list_of(kRequiredPurposes));
    }
    return purposes;
}

std::string known_signal_names() {
    std::vector<std::string_view> families;
    for (const auto& kind : signals::signal_catalog()) {
        const auto family = signals::family_of(kind.name);
        if (std::find(families.begin(), families.end(), family) == families.end())
            families.push_back(family);
    }
    return list_of(families) + ", or one signal such as geo.city (policies/README.md lists them)";
}

SignalRule read_signal_rule(ObjectReader r, const std::string& key,
                            const std::vector<Purpose>& purposes) {
    const auto kinds = signals::kinds_covered_by(key);
    SignalRule rule;
    const auto allowed = r.one_of("allowed", {"always", "with_consent", "never"});
    if (!allowed)
        r.fail("allowed", "say when it may be used",
               "write \"allowed\": \"always\", \"with_consent\" or \"never\"");
    rule.allowed = *allowed == "always"         ? SignalRule::Allowed::always
                   : *allowed == "with_consent" ? SignalRule::Allowed::with_consent
                                                : SignalRule::Allowed::never;
    rule.purpose = r.string("purpose", "name a purpose of this policy").value_or("");
    if (rule.allowed == SignalRule::Allowed::with_consent) {
        std::vector<std::string> ids;
        for (const auto& p : purposes) ids.push_back(p.id);
        if (rule.purpose.empty())
            r.fail("purpose", "\"with_consent\" needs the purpose whose consent covers it",
                   "add \"purpose\": one of " + list_of(ids));
        const auto bound = std::find_if(purposes.begin(), purposes.end(),
                                        [&](const Purpose& p) { return p.id == rule.purpose; });
        if (bound == purposes.end())
            r.fail("purpose", "\"" + rule.purpose + "\" is not a purpose of this policy",
                   "use one of " + list_of(ids));
        for (const auto& kind : kinds)
            if (kind.privacy == signals::Privacy::personal && bound->required)
                r.fail("purpose",
                       std::string(kind.name) + " is personal: a strictly necessary purpose (\"" +
                           rule.purpose + "\") cannot cover it, since the visitor cannot refuse it",
                       "name a purpose the visitor can grant or refuse, e.g. \"personalization\"");
    } else if (!rule.purpose.empty()) {
        r.fail("purpose", "a purpose only matters with \"allowed\": \"with_consent\"",
               "remove \"purpose\", or change \"allowed\"");
    }
    if (rule.allowed == SignalRule::Allowed::always) {
        for (const auto& kind : kinds)
            if (kind.privacy == signals::Privacy::personal)
                r.fail(
                    "allowed",
                    std::string(kind.name) + " is personal: it can never be used without consent",
                    "write \"allowed\": \"with_consent\" with a purpose, or \"never\"");
    }
    rule.granularity =
        r.string("granularity", "name how fine it may be, e.g. \"country\"").value_or("");
    if (!rule.granularity.empty()) {
        for (const auto& kind : kinds) {
            if (signals::granularity_rank(kind, rule.granularity) >= 0) continue;
            r.fail("granularity",
                   "\"" + rule.granularity + "\" is not a granularity of " + std::string(kind.name),
                   "use one of " + list_of(kind.granularities) +
                       (kinds.size() > 1 ? ", or give the signals of this family rules of their own"
                                         : ""));
        }
    }
    r.reject_unknown_keys({"allowed", "purpose", "granularity"});
    return rule;
}

Policy::SignalRules read_signal_rules(ObjectReader& r, const std::vector<Purpose>& purposes) {
    auto rules_reader = r.object("signals");
    if (!rules_reader)
        r.fail("signals", "a policy must say which signals may be used",
               "add \"signals\": {\"geo\": {\"allowed\": \"always\", \"granularity\": "
               "\"country\"}, ...}");
    Policy::SignalRules rules;
    for (const auto& key : rules_reader->keys()) {
        if (!signals::find_signal_kind(key) && !signals::is_signal_family(key))
            rules_reader->fail(key, "no signal or family of signals is called \"" + key + "\"",
                               "use " + known_signal_names());
        rules.emplace(key, read_signal_rule(*rules_reader->object(key), key, purposes));
    }
    return rules;
}

void check_purpose_ids(ObjectReader& r, std::string_view key, const std::vector<std::string>& ids,
                       const std::vector<Purpose>& purposes) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto p = std::find_if(purposes.begin(), purposes.end(),
                                    [&](const Purpose& x) { return x.id == ids[i]; });
        if (p == purposes.end())
            r.fail(std::string(key) + "/" + std::to_string(i),
                   "\"" + ids[i] + "\" is not a purpose of this policy", "name declared purposes");
        if (p->required)
            r.fail(std::string(key) + "/" + std::to_string(i),
                   "\"" + ids[i] + "\" is strictly necessary: it cannot be refused",
                   "remove it from the list");
    }
}

GpcHandling read_gpc(ObjectReader& r, const std::vector<Purpose>& purposes) {
    GpcHandling gpc;
    auto g = r.object("gpc");
    if (!g) return gpc;
    gpc.honoured = g->boolean("honoured").value_or(false);
    gpc.refuses = g->string_list("refuses", "list purpose ids, e.g. [\"advertising\"]")
                      .value_or(std::vector<std::string>{});
    check_purpose_ids(*g, "refuses", gpc.refuses, purposes);
    if (gpc.honoured && gpc.refuses.empty())
        g->fail("refuses", "GPC is honoured but refuses nothing",
                "list the purposes a GPC signal refuses, e.g. [\"advertising\"]");
    g->reject_unknown_keys({"honoured", "refuses"});
    return gpc;
}

BannerRules read_banner(ObjectReader& r) {
    BannerRules banner;
    auto b = r.object("banner");
    if (!b) return banner;
    banner.reject_on_first_layer = b->boolean("reject_on_first_layer").value_or(true);
    banner.pre_ticked_allowed = b->boolean("pre_ticked_allowed").value_or(false);
    banner.show_before_processing = b->boolean("show_before_processing").value_or(true);
    b->reject_unknown_keys(
        {"reject_on_first_layer", "pre_ticked_allowed", "show_before_processing"});
    return banner;
}

std::map<std::string, std::vector<std::string>> read_sensitive_keywords(ObjectReader& r) {
    std::map<std::string, std::vector<std::string>> categories;
    auto s = r.object("sensitive_keywords");
    if (!s) return categories;
    for (const auto& category : s->keys()) {
        const auto terms =
            s->string_list(category, "list the terms of this category, e.g. [\"diabetes\"]");
        auto& normalized = categories[category];
        for (const auto& term : *terms) {
            std::string joined;
            for (const auto& token : signals::keyword_tokens(signals::normalize_keyword_text(term)))
                joined += (joined.empty() ? "" : " ") + token;
            if (!joined.empty()) normalized.push_back(joined);
        }
    }
    return categories;
}

void read_lifetimes(ObjectReader& r, Policy& p) {
    const std::uint64_t max_age_limit =
        p.consent_model == ConsentModel::opt_in ? kThirteenMonthsInDays : 3650;
    p.consent_max_age_days = static_cast<unsigned>(
        r.integer("consent_max_age_days", 1, max_age_limit).value_or(p.consent_max_age_days));
    p.reprompt_after_refusal_days = static_cast<unsigned>(
        r.integer("reprompt_after_refusal_days", 1, 3650).value_or(p.reprompt_after_refusal_days));
    p.consent_log_retention_days = static_cast<unsigned>(
        r.integer("consent_log_retention_days", 1, 3650).value_or(p.consent_log_retention_days));
}

}  // namespace

Policy load_policy(const std::filesystem::path& file) {
    const auto doc = config::parse_located_json(read_text(file), file);
    ObjectReader r(doc, "", file.string());
    // A misspelt key first: what else is wrong often follows from it.
    r.reject_unknown_keys({"$schema", "title", "version", "references", "applies_to", "fallback",
                           "consent_model", "purposes", "signals", "gpc", "consent_max_age_days",
                           "reprompt_after_refusal_days", "banner", "consent_log_retention_days",
                           "sensitive_keywords"});
    Policy p;
    p.file = file;
    p.id = file.stem().string();
    p.title = r.string("title", "give the policy a title people recognise").value_or("");
    if (p.title.empty())
        r.fail("title", "a policy needs a title", "add \"title\": \"EU GDPR ...\"");
    p.version = r.string("version", "write a version, e.g. the date of the edit").value_or("");
    if (p.version.empty())
        r.fail("version", "a policy needs a version", "add \"version\": \"2026-11-01\"");
    p.references = r.string_list("references", "list the legal sources, one string each")
                       .value_or(std::vector<std::string>{});
    p.fallback = r.boolean("fallback").value_or(false);
    p.applies_to = read_places(r);
    p.applies_to_line = r.line(p.fallback ? "fallback" : "applies_to");
    if (p.fallback && !p.applies_to.empty())
        r.fail("applies_to", "the fallback applies wherever no other policy does",
               "remove \"applies_to\" from the fallback policy");
    if (!p.fallback && p.applies_to.empty())
        r.fail("applies_to", "the policy applies nowhere",
               "list where it applies (\"applies_to\": [\"DE\", ...]), or make it the fallback");
    const auto model = r.one_of("consent_model", {"opt-in", "opt-out"});
    if (!model)
        r.fail("consent_model", "a policy needs a consent model",
               "write \"opt-in\" or \"opt-out\"");
    p.consent_model = *model == "opt-in" ? ConsentModel::opt_in : ConsentModel::opt_out;
    if (p.fallback && p.consent_model != ConsentModel::opt_in)
        r.fail("consent_model", "the fallback must be the strictest policy", "write \"opt-in\"");
    p.purposes = read_purposes(r);
    p.signals = read_signal_rules(r, p.purposes);
    p.gpc = read_gpc(r, p.purposes);
    read_lifetimes(r, p);
    p.banner = read_banner(r);
    p.sensitive_keywords = read_sensitive_keywords(r);
    auto hashed = doc.value;
    hashed.erase("$schema");  // where the editor finds the schema is not policy
    p.hash = canonical_hash(hashed);
    p.purposes_hash = canonical_hash(doc.value.at("purposes"));
    p.revision = p.version + " (sha256:" + p.hash.substr(0, 12) + ")";
    for (const auto& [category, terms] : p.sensitive_keywords)
        for (const auto& term : terms) p.sensitive_terms.add(category, term);
    return p;
}

PolicySet load_policy_set(const std::filesystem::path& directory) {
    std::error_code error;
    if (!std::filesystem::is_directory(directory, error))
        throw ConfigError(directory.string() +
                          ": not a directory of policies. Fix: point "
                          "\"policies.directory\" at the folder of *.json policy files.");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory))
        if (entry.path().extension() == ".json" &&
            !entry.path().stem().string().ends_with(".schema"))
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    std::vector<Policy> policies;
    std::map<std::string, std::filesystem::path> claimed;  // place -> policy file
    const Policy* fallback = nullptr;
    for (const auto& file : files) {
        policies.push_back(load_policy(file));
    }
    for (const auto& p : policies) {
        if (p.fallback) {
            if (fallback)
                throw ConfigError(
                    p.file.string() + ":" + std::to_string(p.applies_to_line) +
                    ": key \"fallback\": " + fallback->file.string() +
                    " is the fallback already. Fix: keep \"fallback\": true in one policy only.");
            fallback = &p;
        }
        for (const auto& place : p.applies_to) {
            auto [it, fresh] = claimed.emplace(place, p.file);
            if (!fresh)
                throw ConfigError(p.file.string() + ":" + std::to_string(p.applies_to_line) +
                                  ": key \"applies_to\": \"" + place + "\" is claimed by " +
                                  it->second.string() +
                                  " too. Fix: name each place in one policy only.");
        }
    }
    if (!fallback)
        throw ConfigError(directory.string() +
                          ": no fallback policy. Fix: add a policy with \"fallback\": true, "
                          "\"consent_model\": \"opt-in\"; it governs unknown and unlisted places.");
    return PolicySet(std::move(policies));
}

}  // namespace tact::policy
