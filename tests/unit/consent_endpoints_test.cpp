// The consent endpoints as pure functions: same-origin checks, JSON and form
// bodies, all-or-nothing refusals of bad input, the cookie they set.
#include "consent/consent_endpoints.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "consent/endpoint_paths.hpp"
#include "shipped_policies.hpp"

using namespace tact;
using consent::Choice;

namespace {

const consent::KeyRing kRing({{"k1", std::string(32, 'k')}}, "k1");

const consent::UiBundle& shipped_ui() {
    static const auto ui = consent::UiBundle::load({});
    return *ui;
}
const consent::ConsentState kNothing;
const auto kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + std::chrono::hours{9};

consent::EndpointRequest post(std::string_view target, std::string_view body,
                              std::string_view content_type = "application/json") {
    return {.method = "POST",
            .target = target,
            .host = "shop.example",
            .origin = "https://shop.example",
            .sec_fetch_site = "same-origin",
            .content_type = content_type,
            .referer = "https://shop.example/shoes?x=1",
            .accept_language = "de-DE",
            .body = body,
            .https = true,
            .policy = shipped_policies().find("eu-gdpr"),
            .keys = &kRing,
            .current = &kNothing,
            .previous_choice_lapsed = false,
            .ui = &shipped_ui(),
            .jurisdiction = "DE",
            .now = kNow};
}

}  // namespace

TEST_CASE("consent: accept all records every purpose and sets a signed, scoped cookie") {
    const auto r =
        consent::answer_consent_endpoint(post("/__tact/consent", R"({"all": "granted"})"));
    CHECK(r.status == 200);
    REQUIRE(r.record);
    CHECK(r.action.name == "given");
    CHECK(r.action.jurisdiction == "DE");
    CHECK(r.record->method == "api");  // no "shown": not through the banner
    CHECK(r.record->purposes.at("personalization") == Choice::granted);
    CHECK(r.record->purposes.at("necessary") == Choice::granted);
    CHECK(r.set_cookie.starts_with("tact_consent=v1.k1."));
    CHECK(r.set_cookie.find("; Path=/; Max-Age=15552000; HttpOnly; SameSite=Lax; Secure") !=
          std::string::npos);  // 180 days
    const auto cookie_value = r.set_cookie.substr(13, r.set_cookie.find(';') - 13);
    const auto read = consent::read_consent_cookie(cookie_value, kRing,
                                                   *shipped_policies().find("eu-gdpr"), kNow);
    CHECK(read.problem == consent::CookieProblem::none);
    const auto state = nlohmann::json::parse(r.body);
    CHECK(state["receipt"] == r.record->receipt_id);
    CHECK(state["banner_required"] == false);
    CHECK(state["purposes"][1]["title"] == "Personalisierung");  // the visitor's language
}

TEST_CASE("consent: reject all is remembered for the re-prompt delay, not as consent") {
    auto request = post("/__tact/consent", R"({"all": "refused"})");
    request.https = false;
    const auto r = consent::answer_consent_endpoint(request);
    REQUIRE(r.record);
    CHECK(r.record->purposes.at("advertising") == Choice::refused);
    CHECK(r.record->purposes.at("necessary") == Choice::granted);
    CHECK(r.set_cookie.find("Max-Age=15552000; HttpOnly; SameSite=Lax") != std::string::npos);
    CHECK(r.set_cookie.find("Secure") == std::string::npos);  // reached over plain HTTP
}

TEST_CASE("consent: choosing one purpose refuses the ones left out") {
    const auto r = consent::answer_consent_endpoint(
        post("/__tact/consent", R"({"purposes": {"personalization": "granted"}})"));
    REQUIRE(r.record);
    CHECK(r.record->purposes.at("personalization") == Choice::granted);
    CHECK(r.record->purposes.at("analytics") == Choice::refused);
    CHECK(r.record->purposes.at("advertising") == Choice::refused);
}

TEST_CASE("consent: the no-script form records the same and goes back to its page (303)") {
    const auto r = consent::answer_consent_endpoint(
        post("/__tact/consent", "purpose.analytics=granted&purpose.advertising=refused",
             "application/x-www-form-urlencoded"));
    CHECK(r.status == 303);
    CHECK(r.location == "/shoes?x=1");
    REQUIRE(r.record);
    CHECK(r.record->method == "form");
    CHECK(r.record->purposes.at("analytics") == Choice::granted);
}

TEST_CASE("consent: withdrawing refuses everything that can be refused") {
    const auto r = consent::answer_consent_endpoint(post("/__tact/consent/withdraw", "{}"));
    REQUIRE(r.record);
    CHECK(r.action.name == "withdrawn");
    for (const auto& [id, choice] : r.record->purposes)
        CHECK(choice == (id == "necessary" ? Choice::granted : Choice::refused));
}

TEST_CASE("consent: another site cannot set anyone's consent") {
    auto cross = post("/__tact/consent", R"({"all": "granted"})");
    cross.sec_fetch_site = "cross-site";
    CHECK(consent::answer_consent_endpoint(cross).status == 403);
    CHECK_FALSE(consent::answer_consent_endpoint(cross).record);
    cross.sec_fetch_site = "";
    cross.origin = "https://evil.example";
    CHECK(consent::answer_consent_endpoint(cross).status == 403);
    cross.origin = "";
    CHECK(consent::answer_consent_endpoint(cross).status == 403);
    cross.origin = "https://shop.example";  // an older browser: Origin only
    CHECK(consent::answer_consent_endpoint(cross).status == 200);
}

TEST_CASE("consent: a bad body changes nothing and says what is wrong") {
    struct Case {
        const char* body;
        const char* content_type;
        const char* error;
    };
    const Case cases[] = {
        {"{", "application/json", "the body is not a JSON object"},
        {R"({"all": "yes"})", "application/json", "\"all\" must be \"granted\" or \"refused\""},
        {R"({"purposes": {"marketing": "granted"}})", "application/json",
         "\"marketing\" is not a purpose of policy eu-gdpr"},
        {R"({"purposes": {"necessary": "refused"}})", "application/json",
         "\"necessary\" is strictly necessary and cannot be refused"},
        {R"({"purposes": {"analytics": true}})", "application/json",
         "purposes.analytics must be \"granted\" or \"refused\""},
        {R"({"everything": 1})", "application/json",
         "unknown key \"everything\": send {\"all\": ...} or {\"purposes\": {...}}"},
        {"{}", "application/json", "no answer: send \"all\" or \"purposes\""},
        {"all=granted", "text/plain",
         "send application/json or a form (application/x-www-form-urlencoded)"},
        {"evil=1", "application/x-www-form-urlencoded", "unknown field \"evil\""},
    };
    for (const auto& c : cases) {
        INFO(c.body);
        const auto r =
            consent::answer_consent_endpoint(post("/__tact/consent", c.body, c.content_type));
        CHECK(r.status == 400);
        CHECK_FALSE(r.record);
        CHECK(r.set_cookie.empty());
        CHECK(nlohmann::json::parse(r.body)["error"] == c.error);
    }
}

TEST_CASE("consent: state, receipt and gpc.json are read with GET") {
    consent::ConsentState recorded;
    recorded.receipt_id = "00112233445566778899aabbccddeeff";
    recorded.purposes["personalization"] = Choice::granted;
    auto get = post("/__tact/consent", "");
    get.method = "GET";
    get.current = &recorded;
    const auto state = nlohmann::json::parse(consent::answer_consent_endpoint(get).body);
    CHECK(state["policy"] == "eu-gdpr");
    CHECK(state["receipt"] == recorded.receipt_id);
    CHECK(state["purposes"][1]["state"] == "granted");
    CHECK(state["purposes"][2]["state"] == "unanswered");
    get.target = "/__tact/consent/receipt";
    const auto receipt = consent::answer_consent_endpoint(get);
    CHECK(receipt.status == 200);
    CHECK(nlohmann::json::parse(receipt.body)["receipt"] == recorded.receipt_id);
    get.current = &kNothing;
    CHECK(consent::answer_consent_endpoint(get).status == 404);
    get.target = "/.well-known/gpc.json";
    const auto gpc = consent::answer_consent_endpoint(get);
    CHECK(nlohmann::json::parse(gpc.body)["gpc"] == true);  // the EU policy honours it
    CHECK(gpc.cache_control == "no-store");                 // the answer differs by place
    policy::Policy deaf = *get.policy;
    deaf.gpc.honoured = false;
    get.policy = &deaf;
    CHECK(nlohmann::json::parse(consent::answer_consent_endpoint(get).body)["gpc"] == false);
    get.policy = nullptr;  // no policies: nothing is honoured, so nothing is claimed
    CHECK(nlohmann::json::parse(consent::answer_consent_endpoint(get).body)["gpc"] == false);
    get.policy = &deaf;  // (kept alive for what follows)
    get.method = "DELETE";
    get.target = "/__tact/consent";
    CHECK(consent::answer_consent_endpoint(get).status == 405);
}

TEST_CASE("consent: a choice on the banner records its language and version") {
    const auto& german = *shipped_ui().find("de");
    const std::string body = R"({"all": "granted", "shown": {"language": "de", "ui_version": ")" +
                             german.version + R"(", "layer": "first"}})";
    const auto r = consent::answer_consent_endpoint(post("/__tact/consent", body));
    REQUIRE(r.record);
    CHECK(r.record->method == "banner");
    CHECK(r.action.language == "de");
    CHECK(r.action.ui_version == german.version);

    const std::string later = R"({"all": "refused", "shown": {"language": "de", "ui_version": ")" +
                              german.version + R"(", "layer": "preferences"}})";
    CHECK(consent::answer_consent_endpoint(post("/__tact/consent", later)).record->method ==
          "preferences");
}

TEST_CASE("consent: a choice made on a banner the gateway no longer serves is refused") {
    const auto stale = consent::answer_consent_endpoint(post(
        "/__tact/consent",
        R"({"all": "granted", "shown": {"language": "de", "ui_version": "0123456789abcdef0123456789abcdef"}})"));
    CHECK(stale.status == 409);
    CHECK_FALSE(stale.record);
    CHECK(stale.body.find("the banner changed since this page was loaded: nothing was recorded; "
                          "choose again") != std::string::npos);
    // A language the banner no longer offers (the operator removed its file).
    const auto unknown = consent::answer_consent_endpoint(
        post("/__tact/consent",
             R"({"all": "granted", "shown": {"language": "xx", "ui_version": "1"}})"));
    CHECK(unknown.status == 409);
    CHECK(nlohmann::json::parse(unknown.body)["error"] ==
          "the banner's language \"xx\" is no longer offered: nothing was recorded; choose again");
    CHECK_FALSE(unknown.record);
    // Malformed rather than outdated: a language without its version.
    const auto half = consent::answer_consent_endpoint(
        post("/__tact/consent", R"({"all": "granted", "shown": {"language": "de"}})"));
    CHECK(half.status == 400);
    CHECK(half.body.find("shown.language and shown.ui_version go together") != std::string::npos);
    CHECK_FALSE(half.outdated_banner);
}

TEST_CASE("consent: a consent given under a policy the gateway no longer applies is not recorded") {
    const auto& policy = *shipped_policies().find("eu-gdpr");
    const auto& german = *shipped_ui().find("de");
    const auto body_with = [&](const std::string& all, const std::string& hash) {
        return R"({"all": ")" + all + R"(", "shown": {"language": "de", "ui_version": ")" +
               german.version + R"(", "policy_hash": ")" + hash + R"(", "layer": "first"}})";
    };
    const auto current = consent::answer_consent_endpoint(
        post("/__tact/consent", body_with("granted", policy.hash)));
    CHECK(current.status == 200);
    CHECK(current.record);

    // The page was loaded before a reload changed the policy (or under
    // another jurisdiction's): the switches it showed may not be today's.
    const std::string old_hash(policy.hash.size(), '0');
    const auto stale =
        consent::answer_consent_endpoint(post("/__tact/consent", body_with("granted", old_hash)));
    CHECK(stale.status == 409);
    CHECK(stale.outdated_banner);  // counted in /metrics
    CHECK_FALSE(current.outdated_banner);
    CHECK_FALSE(stale.record);
    CHECK(stale.set_cookie.empty());
    const auto refusal = nlohmann::json::parse(stale.body);
    CHECK(refusal["error"] ==
          "the privacy policy behind the banner changed since this page was loaded: nothing was "
          "recorded; choose again");
    CHECK(refusal["state"]["policy_hash"] == policy.hash);  // what to show instead
    CHECK(refusal["state"]["banner_required"] == true);

    // The no-script form gets a page of its own: the note, the current form,
    // and the way back to the page it was on.
    const auto stale_form = consent::answer_consent_endpoint(
        post("/__tact/consent", "all=granted&shown.policy_hash=" + old_hash,
             "application/x-www-form-urlencoded"));
    CHECK(stale_form.status == 409);
    CHECK(stale_form.content_type == "text/html; charset=utf-8");
    CHECK(stale_form.outdated_banner);
    CHECK_FALSE(stale_form.record);
    CHECK(stale_form.set_cookie.empty());
    const auto& page = stale_form.body;
    CHECK(page.starts_with("<!doctype html><html lang=\"de\" dir=\"ltr\">"));
    CHECK(page.find("role=\"alert\">" + german.texts.at("choose_again") + "</p>") !=
          std::string::npos);
    CHECK(page.find("name=\"shown.policy_hash\" value=\"" + policy.hash + "\"") !=
          std::string::npos);
    CHECK(page.find("name=\"return\" value=\"/shoes?x=1\"") != std::string::npos);
    CHECK(page.find("<a href=\"/shoes?x=1\">" + german.texts.at("back_to_page") + "</a>") !=
          std::string::npos);
    CHECK(page.find("<noscript>") == std::string::npos);  // the page is the form

    // Answered there, the visitor goes back to the page they were on.
    const std::string answer_there =
        "all=granted&shown.policy_hash=" + policy.hash + "&return=%2Fshoes%3Fx%3D1";
    auto again = post("/__tact/consent", answer_there, "application/x-www-form-urlencoded");
    again.referer = "https://shop.example/__tact/consent";
    const auto answered = consent::answer_consent_endpoint(again);
    CHECK(answered.status == 303);
    CHECK(answered.location == "/shoes?x=1");
    CHECK(answered.record);
}

TEST_CASE("consent: a form's return goes only to a path on this site") {
    const auto location_for = [](const std::string& encoded_return) {
        return consent::answer_consent_endpoint(post("/__tact/consent",
                                                     "all=refused&return=" + encoded_return,
                                                     "application/x-www-form-urlencoded"))
            .location;
    };
    CHECK(location_for("%2Fcart") == "/cart");
    CHECK(location_for("%2F%2Fevil.example%2Fx") == "/shoes?x=1");  // the Referer instead
    CHECK(location_for("%2F%5Cevil.example") == "/shoes?x=1");
    CHECK(location_for("https%3A%2F%2Fevil.example%2F") == "/shoes?x=1");
    CHECK(location_for("%2Fa%0D%0ALocation%3A%20x") == "/shoes?x=1");
}

TEST_CASE("consent: a refusal or a withdrawal from an outdated banner still counts") {
    const auto& german = *shipped_ui().find("de");
    const std::string old_hash(64, '0');
    const auto refused = consent::answer_consent_endpoint(post(
        "/__tact/consent", R"({"all": "refused", "shown": {"language": "de", "ui_version": ")" +
                               german.version + R"(", "policy_hash": ")" + old_hash + R"("}})"));
    CHECK(refused.status == 200);
    REQUIRE(refused.record);
    CHECK(refused.action.name == "refused");
    CHECK(refused.action.ui_version == german.version);  // still served: kept

    const auto withdrawn = consent::answer_consent_endpoint(
        post("/__tact/consent/withdraw",
             "shown.language=de&shown.ui_version=" + std::string(32, 'a') +
                 "&shown.policy_hash=" + old_hash,
             "application/x-www-form-urlencoded"));
    CHECK(withdrawn.status == 303);
    CHECK_FALSE(withdrawn.outdated_banner);
    REQUIRE(withdrawn.record);
    CHECK(withdrawn.action.name == "withdrawn");
    CHECK(withdrawn.action.language == "de");
    CHECK(withdrawn.action.ui_version.empty());  // a version no longer served is not recorded
    CHECK(withdrawn.record->purposes.at("personalization") == Choice::refused);
    CHECK_FALSE(withdrawn.set_cookie.empty());

    // Saved on an old preferences layer naming a purpose the policy no longer
    // has, every switch off: a refusal of everything, not a 400.
    const std::string gone =
        R"({"purposes": {"newsletter": "refused", "analytics": "refused"}, "shown": {"policy_hash": ")" +
        old_hash + R"("}})";
    const auto saved = consent::answer_consent_endpoint(post("/__tact/consent", gone));
    CHECK(saved.status == 200);
    REQUIRE(saved.record);
    CHECK(saved.record->purposes.at("personalization") == Choice::refused);
    CHECK(saved.record->purposes.at("analytics") == Choice::refused);
    // With a switch on, it is a consent: asked again.
    auto granting = gone;
    granting.replace(granting.find("\"refused\""), 9, "\"granted\"");
    CHECK(consent::answer_consent_endpoint(post("/__tact/consent", granting)).status == 409);

    // Refused in a language the banner no longer offers: recorded without it.
    const auto dropped = consent::answer_consent_endpoint(
        post("/__tact/consent",
             R"({"all": "refused", "shown": {"language": "pt-br", "ui_version": "1"}})"));
    CHECK(dropped.status == 200);
    REQUIRE(dropped.record);
    CHECK(dropped.action.language.empty());
    CHECK(dropped.action.ui_version.empty());
}

TEST_CASE("consent: the no-script form's hidden fields record what it showed") {
    const auto& persian = *shipped_ui().find("fa");
    const auto r = consent::answer_consent_endpoint(post(
        "/__tact/consent", "shown.language=fa&shown.ui_version=" + persian.version + "&all=refused",
        "application/x-www-form-urlencoded"));
    REQUIRE(r.record);
    CHECK(r.record->method == "form");
    CHECK(r.action.language == "fa");
    CHECK(r.action.ui_version == persian.version);
}

TEST_CASE("consent: the state names the banner's language, direction, texts and version") {
    auto request = post("/__tact/consent", "");
    request.method = "GET";
    request.accept_language = "fa-IR, en;q=0.5";
    const auto state = nlohmann::json::parse(consent::answer_consent_endpoint(request).body);
    CHECK(state["policy_hash"] == shipped_policies().find("eu-gdpr")->hash);
    CHECK(state["ui"]["language"] == "fa");
    CHECK(state["ui"]["dir"] == "rtl");
    CHECK(state["ui"]["version"] == shipped_ui().find("fa")->version);
    CHECK(state["ui"]["texts"]["accept_all"] == "پذیرفتن همه");
    CHECK(state["purposes"][1]["title"] == "شخصی‌سازی");
    CHECK(state["purposes"][1]["on"] == false);  // opt-in, unanswered: off, not pre-ticked
    CHECK(state["purposes"][1]["ticked"] == false);
    CHECK(state["purposes"][0]["ticked"] == true);  // strictly necessary
    CHECK(state["banner_required"] == true);
}

TEST_CASE("consent: under opt-out the state says a purpose is on yet its switch starts unticked") {
    auto request = post("/__tact/consent", "");
    request.method = "GET";
    request.policy = shipped_policies().find("us-ca-ccpa");
    const auto state = nlohmann::json::parse(consent::answer_consent_endpoint(request).body);
    CHECK(state["consent_model"] == "opt-out");
    CHECK(state["banner_required"] == false);  // the policy's show_before_processing: false
    CHECK(state["purposes"][1]["id"] == "personalization");
    CHECK(state["purposes"][1]["on"] == true);
    CHECK(state["purposes"][1]["ticked"] == false);  // the policy's pre_ticked_allowed: false
    auto lenient = *request.policy;
    lenient.banner.pre_ticked_allowed = true;
    request.policy = &lenient;
    const auto allowed = nlohmann::json::parse(consent::answer_consent_endpoint(request).body);
    CHECK(allowed["purposes"][1]["ticked"] == false);  // it covers the profile: never pre-ticked
    CHECK(allowed["purposes"][2]["id"] == "analytics");
    CHECK(allowed["purposes"][2]["ticked"] == true);
}

TEST_CASE("consent: the banner's script and stylesheet are served, cacheable by version") {
    auto request = post(consent::kScriptPath, "");
    request.method = "GET";
    const std::string versioned =
        std::string(consent::kScriptPath) + "?v=" + shipped_ui().assets_version();
    request.target = versioned;
    auto r = consent::answer_consent_endpoint(request);
    CHECK(r.status == 200);
    CHECK(r.content_type == "text/javascript; charset=utf-8");
    CHECK(r.cache_control == "public, max-age=31536000, immutable");
    CHECK(r.body == shipped_ui().script());
    request.target = consent::kStylesheetPath;  // no version: must be revalidated
    r = consent::answer_consent_endpoint(request);
    CHECK(r.content_type == "text/css; charset=utf-8");
    CHECK(r.cache_control == "no-cache");
    CHECK(r.body.find(".tact-consent") != std::string::npos);
}

TEST_CASE("consent: the log names what happened: given, refused, updated, withdrawn, re-asked") {
    const auto action = [](consent::EndpointRequest request) {
        return consent::answer_consent_endpoint(request).action.name;
    };
    CHECK(action(post("/__tact/consent", R"({"all": "granted"})")) == "given");
    CHECK(action(post("/__tact/consent", R"({"purposes": {"analytics": "granted"}})")) == "given");
    CHECK(action(post("/__tact/consent", R"({"all": "refused"})")) == "refused");
    CHECK(action(post("/__tact/consent/withdraw", "")) == "withdrawn");
    consent::ConsentState recorded;
    recorded.receipt_id = "00112233445566778899aabbccddeeff";
    auto change = post("/__tact/consent", R"({"all": "refused"})");
    change.current = &recorded;
    CHECK(action(change) == "updated");
    auto again = post("/__tact/consent", R"({"all": "granted"})");
    again.previous_choice_lapsed = true;  // its cookie had expired: the banner asked again
    CHECK(action(again) == "expired-and-reasked");
}
