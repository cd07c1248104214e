#include "cli/policy_commands.hpp"

#include <date/date.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#include "cli/exit_codes.hpp"
#include "cli/usage.hpp"
#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "personalize/rules_loader.hpp"
#include "personalize/slot_choice.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/signal_readers.hpp"
#include "policy/explanation.hpp"
#include "policy/permit.hpp"
#include "policy/policy_loader.hpp"
#include "policy/signal_usage.hpp"
#include "signals/ascii.hpp"

namespace tact::cli {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kPolicyHelp = R"(Usage:
  tact policy check DIR
      Validate every policy in DIR and print what each one allows.
      Exit 0 when all are valid, 1 when one is not (the message names the
      file, line, key and fix).

  tact policy explain --ip ADDR [options]
      What the gateway decides for one request: jurisdiction, policy and
      version, consent, every signal used or withheld with the reason, and
      (with rules) the variant chosen for each slot.
        -c FILE             take the policies, GeoIP database and signal
                            settings from this tact.json
        --policies DIR      policies (instead of, or over, -c)
        --rules FILE        rules.json (instead of, or over, -c): which variant
                            each slot gets, and which were skipped and why
        --geoip FILE        a MaxMind DB (instead of, or over, -c)
        --url URL           the page asked for (default /); an absolute URL
                            also gives the Host
        --header 'N: V'     a request header, e.g. 'Sec-GPC: 1'; repeatable
        --cookie VALUE      the visitor's tact_consent cookie (needs -c, for
                            the keys that signed it)
        --consent P=C,...   answers on record, e.g. personalization=granted,
                            advertising=refused
        --at TIME           the request's time, e.g. 2026-11-23T09:30:00Z
        --json              print JSON instead of text

  tact policy diff OLD_DIR NEW_DIR
      What changes for visitors, per policy and signal, if NEW_DIR replaces
      OLD_DIR. Exit 0 either way; 1 if a directory is invalid.
)";

int usage(const std::string& message) {
    return cli::usage_error("policy", message);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
    return out;
}

std::string places_of(const policy::Policy& p) {
    if (p.fallback) return "everywhere else, and unknown locations";
    if (p.applies_to.size() <= 4) return join(p.applies_to, " ");
    return std::to_string(p.applies_to.size()) + " places: " + p.applies_to[0] + " " +
           p.applies_to[1] + " ... " + p.applies_to.back();
}

// The rule keys a visitor who answered nothing has used, with their granularity.
std::string before_consent(const policy::Policy& p) {
    std::vector<std::string> used;
    for (const auto& [key, rule] : p.signals) {
        const auto kinds = signals::kinds_covered_by(key);
        if (std::none_of(kinds.begin(), kinds.end(),
                         [&](const auto& kind) { return policy::used_before_any_answer(p, kind); }))
            continue;
        std::string entry = key;
        if (!rule.granularity.empty()) entry += " (to " + rule.granularity + ")";
        if (rule.allowed == policy::SignalRule::Allowed::with_consent) entry += " (unless refused)";
        used.push_back(entry);
    }
    return used.empty() ? "nothing" : join(used, ", ");
}

std::string gpc_of(const policy::Policy& p) {
    return p.gpc.honoured ? "refuses " + join(p.gpc.refuses, ", ") : "not honoured";
}

// What the banner does before an answer (consent/banner_layout.hpp).
std::string banner_of(const policy::Policy& p) {
    return std::string(p.banner.show_before_processing
                           ? "opens by itself until answered"
                           : "a link only, until the visitor opens it") +
           (p.banner.pre_ticked_allowed
                ? "; what is on until refused starts ticked (not the profile's purpose)"
                : "; nothing starts ticked but what the visitor chose");
}

int check(const std::vector<std::string_view>& args) {
    if (args.size() != 1) return usage("check needs one directory: tact policy check DIR");
    try {
        const auto set = policy::load_policy_set(std::string(args[0]));
        std::cout << args[0] << ": " << set.policies().size() << " policies, all valid.\n\n";
        for (const auto& p : set.policies()) {
            std::cout << p.id << " - " << p.title << "\n"
                      << "  version         " << p.revision << "\n"
                      << "  applies to      " << places_of(p) << "\n"
                      << "  consent model   "
                      << (p.consent_model == policy::ConsentModel::opt_in ? "opt-in" : "opt-out")
                      << "\n"
                      << "  before consent  " << before_consent(p) << "\n"
                      << "  GPC             " << gpc_of(p) << "\n"
                      << "  banner          " << banner_of(p) << "\n"
                      << "  consent lasts   " << p.consent_max_age_days << " days; asked again "
                      << p.reprompt_after_refusal_days << " days after a refusal\n"
                      << "  consent log     kept " << p.consent_log_retention_days << " days\n\n";
        }
        return kSuccess;
    } catch (const config::ConfigError& e) {
        std::cerr << "tact policy check: " << e.what() << "\n";
        return 1;
    }
}

struct ExplainOptions {
    std::optional<std::string> config_file, policies, rules, geoip, ip, url, at, consent, cookie;
    std::vector<std::string> headers;
    bool json = false;
};

std::optional<ExplainOptions> parse_explain(const std::vector<std::string_view>& args,
                                            std::string& error) {
    ExplainOptions o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto name = args[i];
        if (name == "--json") {
            o.json = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            error = "option " + std::string(name) + " needs a value";
            return std::nullopt;
        }
        const std::string value(args[++i]);
        if (name == "-c" || name == "--config")
            o.config_file = value;
        else if (name == "--policies")
            o.policies = value;
        else if (name == "--rules")
            o.rules = value;
        else if (name == "--geoip")
            o.geoip = value;
        else if (name == "--ip")
            o.ip = value;
        else if (name == "--url")
            o.url = value;
        else if (name == "--at")
            o.at = value;
        else if (name == "--consent")
            o.consent = value;
        else if (name == "--cookie")
            o.cookie = value;
        else if (name == "--header")
            o.headers.push_back(value);
        else {
            error = "unknown option '" + std::string(name) + "'";
            return std::nullopt;
        }
    }
    if (!o.ip)
        error = "explain needs --ip ADDR (the visitor's address)";
    else if (!o.policies && !o.config_file)
        error = "explain needs --policies DIR or -c tact.json";
    if (!error.empty()) return std::nullopt;
    return o;
}

// "2026-11-23T09:30:00Z" (UTC) or "2026-11-23T10:30:00+01:00".
std::optional<std::chrono::system_clock::time_point> parse_time(const std::string& text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                    &second, &consumed) != 6)
        return std::nullopt;
    const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                   date::day{static_cast<unsigned>(day)}};
    if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    auto t = date::sys_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
             std::chrono::seconds{second};
    const std::string zone = text.substr(static_cast<std::size_t>(consumed));
    int offset_hours = 0, offset_minutes = 0;
    char sign = 0;
    if (zone == "Z") return t;
    if (std::sscanf(zone.c_str(), "%c%2d:%2d", &sign, &offset_hours, &offset_minutes) != 3 ||
        (sign != '+' && sign != '-'))
        return std::nullopt;
    const auto offset = std::chrono::hours{offset_hours} + std::chrono::minutes{offset_minutes};
    return sign == '+' ? t - offset : t + offset;
}

// "personalization=granted,advertising=refused"
std::optional<consent::ConsentState> parse_consent(const std::string& text) {
    consent::ConsentState state;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto equals = item.find('=');
        if (equals == std::string::npos) return std::nullopt;
        const auto choice = item.substr(equals + 1);
        if (choice != "granted" && choice != "refused") return std::nullopt;
        state.purposes[item.substr(0, equals)] =
            choice == "granted" ? consent::Choice::granted : consent::Choice::refused;
    }
    return state;
}

// A field named again (a --header, or Host after --url) replaces the earlier
// one; its value is trimmed as a parser trims what a client sends.
void set_field(http_fields::RequestHead& request, std::string_view name, std::string_view value) {
    request.erase_if([&](const http_fields::FieldList::Field& field) {
        return boost::beast::iequals(field.name_string(), name);
    });
    request.append(name, signals::trimmed_ows(value));
}

// "https://shop.example/a?b" -> Host shop.example, target /a?b
void set_url(http_fields::RequestHead& request, const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) {
        request.target(url.empty() ? "/" : url);
        return;
    }
    const auto rest = url.substr(scheme + 3);
    const auto slash = rest.find_first_of("/?");
    set_field(request, "Host", rest.substr(0, slash));
    request.target(slash == std::string::npos ? "/" : rest.substr(slash));
}

int explain(const std::vector<std::string_view>& args) {
    std::string error;
    const auto o = parse_explain(args, error);
    if (!o) return usage(error);
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(*o->ip, ec);
    if (ec) return usage("--ip " + *o->ip + " is not an IP address");
    const auto at = o->at ? parse_time(*o->at) : std::chrono::system_clock::now();
    if (!at) return usage("--at " + *o->at + " is not a time like 2026-11-23T09:30:00Z");
    std::optional<consent::ConsentState> answers;
    if (o->consent && !(answers = parse_consent(*o->consent)))
        return usage("--consent wants purpose=granted|refused pairs, comma-separated");

    http_fields::RequestHead request;  // GET, HTTP/1.1
    set_url(request, o->url.value_or("/"));
    for (const auto& header : o->headers) {
        const auto colon = header.find(':');
        if (colon == std::string::npos) return usage("--header wants 'Name: value'");
        const auto name = std::string_view(header).substr(0, colon);
        const auto value_at = header.find_first_not_of(' ', colon + 1);
        set_field(request, name,
                  value_at == std::string::npos ? std::string_view() : header.substr(value_at));
    }
    try {
        config::Config config;
        if (o->config_file) config = config::load_config_file(*o->config_file);
        const auto policies = policy::load_policy_set(
            o->policies ? std::filesystem::path(*o->policies) : config.policies.value().directory);
        std::optional<consent::KeyRing> keys;
        if (o->cookie) {
            if (!config.consent)
                return usage("--cookie needs -c tact.json with a \"consent\" section (its keys)");
            keys.emplace(
                consent::load_key_ring(config.consent->keys, config.consent->sign_with, false));
            const auto value = std::string_view(*o->cookie).starts_with("tact_consent=")
                                   ? o->cookie->substr(13)
                                   : *o->cookie;
            set_field(request, "Cookie", "tact_consent=" + value);
        }
        std::shared_ptr<const geoip::GeoIpDatabase> database;
        if (o->geoip)
            database = geoip::GeoIpDatabase::open(*o->geoip, geoip::LookupPaths::geoip2());
        else if (config.geoip)
            database = geoip::GeoIpDatabase::open(config.geoip->database, config.geoip->paths);

        std::optional<personalize::Rules> rules;
        if (o->rules)
            rules = personalize::load_rules(*o->rules);
        else if (config.rules)
            rules = personalize::load_rules(*config.rules);
        const auto* context_signals = config.forwarding.context_signal_list();
        const auto families_read =
            pipeline::families_read(rules ? &*rules : nullptr, context_signals);
        const bool profile_read = families_read.contains(signals::Family::profile);
        auto visit = pipeline::prepare_visit({.client = address,
                                              .request = request,
                                              .geoip = database.get(),
                                              .policies = &policies,
                                              .consent_keys = keys ? &*keys : nullptr,
                                              .rules = rules ? &*rules : nullptr,
                                              .settings = config.signals,
                                              .demo_parameter = "",
                                              .context_signals = context_signals,
                                              .families_read = families_read,
                                              .now = *at});
        if (answers) {  // answers on record join what the request itself says (GPC)
            for (const auto& [purpose, choice] : answers->purposes)
                visit.consent.purposes[purpose] = choice;
            visit.decision =
                policy::permit(visit.signals, visit.consent, policies.resolve(visit.location));
            pipeline::withhold_unread(visit.decision, families_read);
        }
        // The profile, as the gateway would decide it under these answers;
        // without keys there is no profile cookie to read, but the reason stands.
        if (answers || !keys) {
            const auto* governing = policies.resolve(visit.location).policy;
            if (const auto why =
                    pipeline::profile_withheld_because(*governing, visit.consent, profile_read))
                pipeline::withhold_profile(visit.decision, *why);
            if (rules) visit.choices = personalize::choose_variants(*rules, visit.decision);
        }
        if (visit.consent_cookie_rejected)
            std::cerr << "note: the consent cookie does not count (forged, tampered, expired or "
                         "made under other purposes): treated as no consent\n";
        if (o->json) {
            auto json =
                policy::decision_json(visit.decision, visit.consent, policy::ShownValues::all);
            if (rules) json["slots"] = personalize::choices_json(visit.choices);
            std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        } else {
            std::cout << policy::decision_text(visit.decision, visit.consent);
            for (const auto& choice : visit.choices)
                std::cout << personalize::explain(choice) << "\n";
        }
        return kSuccess;
    } catch (const config::ConfigError& e) {
        std::cerr << "tact policy explain: " << e.what() << "\n";
        return 1;
    } catch (const geoip::GeoIpError& e) {
        std::cerr << "tact policy explain: " << e.what() << "\n";
        return 1;
    } catch (const std::bad_optional_access&) {
        std::cerr << "tact policy explain: " << *o->config_file
                  << " has no \"policies\" section. Fix: add one, or pass --policies DIR.\n";
        return 1;
    }
}

// Differences between two policies governing the same places, one line each.
void diff_policies(const policy::Policy& before, const policy::Policy& after,
                   const std::string& label, std::vector<std::string>& out) {
    auto changed = [&](const std::string& what, const std::string& was, const std::string& now) {
        if (was != now) out.push_back(label + ": " + what + ": " + was + " -> " + now);
    };
    auto model = [](const policy::Policy& p) {
        return std::string(p.consent_model == policy::ConsentModel::opt_in ? "opt-in" : "opt-out");
    };
    changed("consent model", model(before), model(after));
    changed("GPC", gpc_of(before), gpc_of(after));
    changed("banner", banner_of(before), banner_of(after));
    changed("consent lifetime", std::to_string(before.consent_max_age_days) + " days",
            std::to_string(after.consent_max_age_days) + " days");
    changed("re-prompt after refusal", std::to_string(before.reprompt_after_refusal_days) + " days",
            std::to_string(after.reprompt_after_refusal_days) + " days");
    changed("consent log retention", std::to_string(before.consent_log_retention_days) + " days",
            std::to_string(after.consent_log_retention_days) + " days");
    for (const auto& kind : signals::signal_catalog()) {
        const auto was = policy::describe_usage(before, kind);
        const auto now = policy::describe_usage(after, kind);
        if (was != now)
            out.push_back(label + ": " + std::string(kind.name) + ": " + was + " -> " + now);
    }
    for (const auto& [category, terms] : after.sensitive_keywords)
        for (const auto& term : terms) {
            const auto it = before.sensitive_keywords.find(category);
            if (it == before.sensitive_keywords.end() ||
                std::find(it->second.begin(), it->second.end(), term) == it->second.end())
                out.push_back(label + ": sensitive keyword added (" + category + "): " + term);
        }
    for (const auto& [category, terms] : before.sensitive_keywords)
        for (const auto& term : terms) {
            const auto it = after.sensitive_keywords.find(category);
            if (it == after.sensitive_keywords.end() ||
                std::find(it->second.begin(), it->second.end(), term) == it->second.end())
                out.push_back(label + ": sensitive keyword removed (" + category + "): " + term +
                              " - it may now be used for personalization");
        }
}

int diff(const std::vector<std::string_view>& args) {
    if (args.size() != 2) return usage("diff needs two directories: tact policy diff OLD NEW");
    try {
        const auto before = policy::load_policy_set(std::string(args[0]));
        const auto after = policy::load_policy_set(std::string(args[1]));
        std::vector<std::string> lines;
        // Places that changed hands.
        std::set<std::string> places;
        for (const auto* set : {&before, &after})
            for (const auto& p : set->policies())
                places.insert(p.applies_to.begin(), p.applies_to.end());
        for (const auto& place : places) {
            geoip::Location where;
            (place.size() > 2 ? where.subdivision : where.country) = place;
            if (place.size() > 2) where.country = place.substr(0, 2);
            const auto* was = before.resolve(where).policy;
            const auto* now = after.resolve(where).policy;
            if (was->id != now->id)
                lines.push_back(place + ": now governed by " + now->id + " (was " + was->id + ")");
        }
        // Policies present in both, compared signal by signal.
        for (const auto& now : after.policies()) {
            const auto* was = now.fallback ? &before.fallback() : before.find(now.id);
            if (!was) {
                lines.push_back(now.id + ": new policy for " + places_of(now));
                continue;
            }
            if (was->hash == now.hash) continue;
            diff_policies(*was, now, now.id + " (" + places_of(now) + ")", lines);
        }
        for (const auto& was : before.policies())
            if (!was.fallback && !after.find(was.id))
                lines.push_back(was.id + ": removed; its places now follow other policies");
        if (lines.empty()) std::cout << "No change for visitors.\n";
        for (const auto& line : lines) std::cout << line << "\n";
        return kSuccess;
    } catch (const config::ConfigError& e) {
        std::cerr << "tact policy diff: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace

int policy_command(const std::vector<std::string_view>& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::cout << kPolicyHelp;
        return args.empty() ? kUsage : kSuccess;
    }
    const std::vector<std::string_view> rest(args.begin() + 1, args.end());
    if (args[0] == "check") return check(rest);
    if (args[0] == "explain") return explain(rest);
    if (args[0] == "diff") return diff(rest);
    return usage("unknown policy command '" + std::string(args[0]) + "'");
}

}  // namespace tact::cli
