#include "consent/consent_endpoints.hpp"

#include <nlohmann/json.hpp>

#include "consent/banner_layout.hpp"
#include "consent/endpoint_paths.hpp"
#include "consent/noscript_form.hpp"
#include "consent/posted_choice.hpp"
#include "consent/request_consent.hpp"
#include "policy/permit.hpp"
#include "signals/language_signals.hpp"
#include "signals/url_parts.hpp"

namespace tact::consent {
namespace {

EndpointResponse json(unsigned status, const nlohmann::json& body) {
    EndpointResponse r;
    r.status = status;
    r.body = body.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    return r;
}

EndpointResponse error(unsigned status, std::string message) {
    return json(status, {{"error", std::move(message)}});
}

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

// Sec-Fetch-Site when the browser sends it; else the Origin's host must be the Host.
bool same_origin(const EndpointRequest& r) {
    if (!r.sec_fetch_site.empty()) return r.sec_fetch_site == "same-origin";
    if (r.origin.empty() || r.origin == "null") return false;
    const auto scheme = r.origin.find("://");
    return scheme != std::string_view::npos && r.origin.substr(scheme + 3) == r.host;
}

// The language the banner speaks to this visitor: one the banner has
// (consent-ui/translations), else the visitor's own for the policy's texts.
std::string banner_language(const EndpointRequest& r) {
    if (r.ui) return r.ui->language_for(r.accept_language).code;
    const auto lang = signals::preferred_language(r.accept_language);
    return lang.substr(0, lang.find('-'));
}

nlohmann::json ui_json(const UiBundle& ui, const std::string& code) {
    const auto& language = *ui.find(code);
    return {{"language", language.code},
            {"dir", language.right_to_left ? "rtl" : "ltr"},
            {"version", language.version},
            {"texts", language.texts},
            {"privacy_notice", ui.privacy_notice()}};
}

// What the request's cookie says now; nothing recorded without one.
const ConsentState& current_consent(const EndpointRequest& r) {
    static const ConsentState kNone;
    return r.current ? *r.current : kNone;
}

nlohmann::json state_json(const EndpointRequest& r) {
    const auto& policy = *r.policy;
    const auto language = banner_language(r);
    const ConsentState& current = current_consent(r);
    nlohmann::json purposes = nlohmann::json::array();
    for (const auto& p : policy.purposes) {
        std::string state = p.required ? "granted" : "unanswered";
        if (current.granted(p.id)) state = "granted";
        if (current.refused(p.id)) state = "refused";
        // "on": whether the purpose counts as consented to now (under
        // opt-out, an unanswered purpose usually does); "ticked": how its
        // switch starts, which the policy's pre_ticked_allowed decides.
        purposes.push_back({{"id", p.id},
                            {"title", policy::in_language(p.title, language)},
                            {"description", policy::in_language(p.description, language)},
                            {"required", p.required},
                            {"state", state},
                            {"on", purpose_on(policy, current, p)},
                            {"ticked", switch_starts_ticked(policy, current, p)}});
    }
    const bool answered = !current.receipt_id.empty();
    nlohmann::json answer = {
        {"policy", policy.id},
        {"revision", policy.revision},
        {"policy_hash", policy.hash},
        {"consent_model",
         policy.consent_model == policy::ConsentModel::opt_in ? "opt-in" : "opt-out"},
        {"banner_required", banner_required(policy, current)},
        {"gpc", {{"sent", current.gpc}, {"honoured", policy.gpc.honoured}}},
        {"receipt", answered ? nlohmann::json(current.receipt_id) : nlohmann::json(nullptr)},
        {"purposes", purposes}};
    if (r.ui) answer["ui"] = ui_json(*r.ui, language);
    return answer;
}

std::string cookie_header(const std::string& value, const ConsentRecord& record,
                          const policy::Policy& policy, bool https) {
    const auto days = lifetime_days(record, policy);
    return std::string(kCookieName) + "=" + value +
           "; Path=/; Max-Age=" + std::to_string(std::uint64_t{days} * 86400) +
           "; HttpOnly; SameSite=Lax" + (https ? "; Secure" : "");
}

// Whether a choice consents to anything that can be refused.
bool grants_beyond_necessary(const policy::Policy& policy,
                             const std::map<std::string, Choice>& answers) {
    for (const auto& p : policy.purposes)
        if (!p.required && answers.at(p.id) == Choice::granted) return true;
    return false;
}

// What happened, as the consent log names it: a first choice that grants
// something ("given") or nothing ("refused"), a change of a recorded choice
// ("updated"), a withdrawal ("withdrawn"), or a choice made because the
// previous one had expired or its purposes changed ("expired-and-reasked").
std::string action_name(const EndpointRequest& r, const std::map<std::string, Choice>& answers,
                        bool withdraw) {
    if (withdraw) return "withdrawn";
    if (r.previous_choice_lapsed) return "expired-and-reasked";
    if (r.current && !r.current->receipt_id.empty()) return "updated";
    return grants_beyond_necessary(*r.policy, answers) ? "given" : "refused";
}

// How the choice was collected, as the consent log names it.
std::string method_of(bool form, const Shown& shown) {
    if (form) return "form";
    if (shown.layer == "first") return "banner";
    if (shown.layer == "preferences") return "preferences";
    return "api";
}

// The page a no-script form was on, to send the visitor back to: the form's
// own "return" when it is a path on this site (the page that asks again
// sets it), else the Referer when it is a page of this site, else the home
// page. Never another site: "//host" and "/\\host" are not paths here.
std::string page_of_form(const EndpointRequest& r, std::string_view return_to) {
    const auto on_this_site = [](std::string_view path) {
        return path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\") &&
               path.find_first_of("\r\n") == std::string_view::npos;
    };
    if (on_this_site(return_to)) return std::string(return_to);
    const auto back = signals::split_absolute_url(r.referer);
    return back && back->authority == r.host && on_this_site(back->rest) ? std::string(back->rest)
                                                                         : "/";
}

// Why what the visitor says they saw is not what this gateway serves now:
// the policy behind its purposes and switches changed (a reload, or the
// visitor now answers from another jurisdiction), or its language, texts or
// script did. Empty when it is current, or when nothing was said (an API
// client).
std::string outdated_shown(const EndpointRequest& r, const Shown& shown,
                           const UiLanguage* language) {
    if (!shown.policy_hash.empty() && shown.policy_hash != r.policy->hash)
        return "the privacy policy behind the banner changed since this page was loaded";
    if (!shown.language.empty() && !language)
        return "the banner's language \"" + shown.language + "\" is no longer offered";
    if (language && shown.ui_version != language->version)
        return "the banner changed since this page was loaded";
    return {};
}

// A consent given on an outdated banner would be recorded against words or
// switches the visitor never saw: nothing is recorded. The script gets 409
// with the state that applies now and asks again; the no-script form gets
// a page with the current form and a note, whose answer returns to the page
// the visitor was on.
EndpointResponse ask_again(const EndpointRequest& r, bool form, const PostedChoice& choice,
                           const std::string& why) {
    EndpointResponse answer;
    if (form && r.ui) {
        answer.status = 409;
        answer.content_type = "text/html; charset=utf-8";
        answer.body =
            noscript_choose_again_page(*r.ui->find(banner_language(r)), *r.ui, *r.policy,
                                       current_consent(r), page_of_form(r, choice.return_to));
    } else {
        answer = json(409, {{"error", why + ": nothing was recorded; choose again"},
                            {"state", state_json(r)}});
    }
    answer.outdated_banner = true;
    return answer;
}

// What the visitor says they saw, against what is served now. An answer
// when the choice cannot be recorded as it stands. Otherwise nothing; a
// refusal or a withdrawal from an outdated banner is then recorded as a
// refusal of everything, keeping of `shown` only what is served now.
std::optional<EndpointResponse> check_shown(const EndpointRequest& r, PostedChoice& choice,
                                            bool form, bool withdraw) {
    auto& shown = choice.shown;
    if (shown.language.empty() != shown.ui_version.empty())
        return error(400, "shown.language and shown.ui_version go together: send both, or neither");
    const UiLanguage* language =
        !shown.language.empty() && r.ui ? r.ui->find(shown.language) : nullptr;
    const auto why = outdated_shown(r, shown, language);
    if (why.empty()) return std::nullopt;
    if (choice.grants_something()) return ask_again(r, form, choice, why);
    // It consents to nothing, so it holds whatever the visitor saw, and is
    // never made harder (GDPR Art. 7(3)), not even when the purposes the old
    // banner named are gone: everything that can be refused is.
    if (!language || shown.ui_version != language->version) shown.ui_version.clear();
    if (!language) shown.language.clear();
    if (!withdraw) {
        choice.all = "refused";
        choice.each.clear();
    }
    return std::nullopt;
}

EndpointResponse record_choice(const EndpointRequest& r, std::map<std::string, Choice> answers,
                               std::string method, ConsentAction action,
                               std::string_view return_to) {
    ConsentRecord record{.receipt_id = new_receipt_id(),
                         .policy_id = r.policy->id,
                         .policy_hash = r.policy->hash,
                         .purposes_hash = r.policy->purposes_hash,
                         .purposes = std::move(answers),
                         .decided_at = std::chrono::floor<std::chrono::seconds>(r.now),
                         .method = std::move(method)};
    ConsentState now_state;
    now_state.purposes = record.purposes;
    now_state.receipt_id = record.receipt_id;
    now_state.gpc = r.current && r.current->gpc;
    EndpointRequest after = r;
    after.current = &now_state;
    auto response = json(200, state_json(after));
    if (record.method == "form") {  // the no-script form: back to the page it was on
        response.status = 303;
        response.location = page_of_form(r, return_to);
    }
    response.set_cookie =
        cookie_header(encode_consent_cookie(record, *r.keys), record, *r.policy, r.https);
    response.record = std::move(record);
    response.action = std::move(action);
    return response;
}

// The banner's script or stylesheet. Its URL carries the assets' version,
// so a matching request may be cached for good and a new release is never
// served from a stale cache.
EndpointResponse ui_asset(const EndpointRequest& r, std::string_view path) {
    if (r.method != "GET" && r.method != "HEAD") return error(405, "use GET");
    if (!r.ui) return error(404, "no consent banner is configured on this gateway");
    EndpointResponse response;
    const bool script = path == kScriptPath;
    response.content_type = script ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    response.body = std::string(script ? r.ui->script() : r.ui->stylesheet());
    const auto version = signals::query_parameter(r.target, "v");
    response.cache_control =
        version == r.ui->assets_version() ? "public, max-age=31536000, immutable" : "no-cache";
    return response;
}

EndpointResponse receipt(const EndpointRequest& r) {
    if (!r.current || r.current->receipt_id.empty())
        return error(404, "no choice is recorded in this browser");
    nlohmann::json purposes = nlohmann::json::object();
    for (const auto& [id, c] : r.current->purposes)
        purposes[id] = c == Choice::granted ? "granted" : "refused";
    auto response = json(200, {{"receipt", r.current->receipt_id},
                               {"policy", r.policy->id},
                               {"revision", r.policy->revision},
                               {"purposes", purposes},
                               {"about",
                                "Your record of the choice you made on this site. The "
                                "site's consent log holds the same receipt id."}});
    return response;
}

}  // namespace

bool is_consent_endpoint(std::string_view path) {
    path = path_of(path);
    return path == kConsentPath || path == kWithdrawPath || path == kReceiptPath ||
           path == kGpcPath || path == kScriptPath || path == kStylesheetPath;
}

EndpointResponse answer_consent_endpoint(const EndpointRequest& r) {
    const auto path = path_of(r.target);
    if (path == kGpcPath) {
        if (r.method != "GET" && r.method != "HEAD") return error(405, "use GET");
        // GPC spec section 3.4: whether the site honours the signal. Which is
        // for the policy of the asker's own jurisdiction to say (answered
        // no-store, since it differs by place); without one, nothing is
        // honoured, so the site must not claim it.
        return json(200, {{"gpc", r.policy != nullptr && r.policy->gpc.honoured}});
    }
    if (path == kScriptPath || path == kStylesheetPath) return ui_asset(r, path);
    if (!r.policy || !r.keys)
        return error(503, "consent is not configured on this gateway (policies and consent keys)");
    if (path == kReceiptPath) {
        if (r.method != "GET") return error(405, "use GET");
        return receipt(r);
    }
    if (path == kConsentPath && r.method == "GET") return json(200, state_json(r));
    if (r.method != "POST") return error(405, "use GET to read, POST to choose");
    if (!same_origin(r)) return error(403, "consent can only be given from this site's own pages");
    const bool form = r.content_type.starts_with("application/x-www-form-urlencoded");
    const bool withdraw = path == kWithdrawPath;
    std::string problem;
    auto choice = read_posted_choice(r.content_type, r.body, withdraw, problem);
    if (!choice) return error(400, problem);
    if (auto refusal = check_shown(r, *choice, form, withdraw)) return std::move(*refusal);
    auto answers = resolve_answers(*r.policy, *choice, withdraw, problem);
    if (!answers) return error(400, problem);
    auto& shown = choice->shown;
    const auto method = method_of(form, shown);
    ConsentAction action{.name = action_name(r, *answers, withdraw),
                         .jurisdiction = std::string(r.jurisdiction),
                         .language = std::move(shown.language),
                         .ui_version = std::move(shown.ui_version)};
    return record_choice(r, std::move(*answers), method, std::move(action), choice->return_to);
}

}  // namespace tact::consent
