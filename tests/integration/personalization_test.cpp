// Personalization end to end: rules x policies x consent. The gateway with
// the generated GeoIP database, policies, a rules file and consent fills the
// slots of a real origin's page while it streams, sends the origin the used
// context only, and keeps personalized pages out of shared caches.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "gateway_fixture.hpp"
#include "personalize/content_coding.hpp"
#include "raw_client.hpp"

using namespace tact::testing;

namespace {

const std::string kCity = std::string(TACT_TEST_GEOIP_DIR) + "/test-city.mmdb";
const std::string kGermany = "192.0.2.10";  // München, Bayern in the test database

// Two slots: a greeting that names the city (which the test copy of the EU
// policy lets rules use only with consent to personalization) or else the
// country, and a promo for visitors who searched for a discount.
constexpr std::string_view kRules = R"({"slots": {
  "greeting": {"variants": [
    {"id": "city", "when": {"signal": "geo.city", "present": true},
     "html": "Hello, {{geo.city}}"},
    {"id": "country", "when": {"signal": "geo.country", "one_of": ["DE", "AT"]},
     "html": "Hallo aus {{geo.country}}"}]},
  "recommended": {"variants": [
    {"id": "for-runners", "when": {"signal": "profile.interests", "any_keyword": ["shoes"]},
     "html": "Picked for you: {{profile.interests}}"}]},
  "promo": {"variants": [
    {"id": "discount",
     "when": {"signal": "search.keywords", "any_keyword": ["discount", "تخفیف"]},
     "html": "<b>10% off</b>"}]}}})";

// The shipped policies, the EU's with the city allowed under consent to
// personalization (shipped: never finer than the subdivision).
std::filesystem::path policies_with_city_on_consent(const TempDir& dir) {
    const auto folder = dir / "policies";
    std::filesystem::create_directories(folder);
    for (const auto& file : std::filesystem::directory_iterator(TACT_POLICIES_DIR)) {
        if (file.path().extension() != ".json") continue;
        auto policy = nlohmann::json::parse(read_file(file.path()));
        if (file.path().stem() == "eu-gdpr")
            policy["signals"]["geo.city"] = {{"allowed", "with_consent"},
                                             {"purpose", "personalization"}};
        write_file(folder / file.path().filename(), policy.dump(2));
    }
    return folder;
}

nlohmann::json personalization_config(const TempDir& dir, bool with_consent) {
    write_file(dir / "rules.json", std::string(kRules));
    nlohmann::json config = {{"geoip", {{"database", kCity}}},
                             {"trusted_proxies", {"127.0.0.0/8"}},
                             {"policies",
                              {{"directory", policies_with_city_on_consent(dir).string()},
                               {"decision_log", {{"path", (dir / "decisions.log").string()}}}}},
                             {"rules", (dir / "rules.json").string()}};
    if (with_consent)
        config["consent"] = {{"keys", {{{"id", "k"}, {"file", (dir / "k.key").string()}}}},
                             {"sign_with", "k"},
                             {"generate_missing_keys", true},
                             {"log",
                              {{"directory", (dir / "consent-log").string()},
                               {"signing_key", (dir / "log.pem").string()}}}};
    return config;
}

RawResponse fetch(unsigned short port, const std::string& target, const std::string& address,
                  const std::string& more = "") {
    RawClient client(port);
    client.send(get(target, "X-Forwarded-For: " + address + "\r\nAccept: text/html\r\n" + more));
    auto res = client.read_response();
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return *res;
}

std::string cookie_from(const RawResponse& res) {
    const auto set_cookie = res.header("set-cookie");
    return set_cookie.substr(0, set_cookie.find(';'));
}

RawResponse post(unsigned short port, const std::string& target, const std::string& body,
                 const std::string& cookie = "", const std::string& address = kGermany) {
    RawClient client(port);
    client.send(post_json(target, body,
                          "X-Forwarded-For: " + address + "\r\nSec-Fetch-Site: same-origin\r\n" +
                              (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n")));
    auto res = client.read_response();
    REQUIRE(res);
    return *res;
}

// A German visitor accepts everything, then views a shoes page: their
// consent cookie and the profile cookie that page set ("name=value" each).
std::pair<std::string, std::string> consent_then_profile(unsigned short port) {
    const auto accepted = post(port, "/__tact/consent", R"({"all": "granted"})");
    REQUIRE(accepted.status == 200);
    const auto consent = cookie_from(accepted);
    const auto page = fetch(port, "/shoes/trail", kGermany, "Cookie: " + consent + "\r\n");
    const auto profile = cookie_from(page);
    REQUIRE(profile.starts_with("tact_profile=p1.k."));
    return {consent, profile};
}

}  // namespace

TEST_CASE("slots get the variant the visit allows: contextual before consent, more after it") {
    TempDir dir;
    GatewayFixture gw(personalization_config(dir, true));

    // An EU visitor without consent: the city is withheld, so the greeting
    // that names it is skipped and the contextual one is chosen.
    const auto before = fetch(gw.port(), "/slotted?q=Discount", kGermany);
    CHECK(before.body.find("<div class=g data-tact-slot=\"greeting\" data-tact-variant=\"country\">"
                           "Hallo aus DE</div>") != std::string::npos);
    CHECK(before.body.find("<aside data-tact-slot='promo' data-tact-variant=\"discount\">"
                           "<b>10% off</b></aside>") != std::string::npos);
    CHECK(before.body.find("München") == std::string::npos);
    CHECK(before.body.find("no promo") == std::string::npos);
    CHECK(before.body.find("/__tact/ui/consent.js") != std::string::npos);  // the banner too

    // Accept: the next page may use the city.
    const auto accepted = post(gw.port(), "/__tact/consent", R"({"all": "granted"})");
    REQUIRE(accepted.status == 200);
    const auto cookie = cookie_from(accepted);
    const auto after = fetch(gw.port(), "/slotted", kGermany, "Cookie: " + cookie + "\r\n");
    CHECK(after.body.find("data-tact-variant=\"city\">Hello, München</div>") != std::string::npos);
    CHECK(after.body.find("<p>no promo</p>") != std::string::npos);  // no search, no promo

    // Withdraw: contextual again.
    const auto withdrawn = post(gw.port(), "/__tact/consent/withdraw", "", cookie);
    REQUIRE(withdrawn.status == 200);
    const auto again =
        fetch(gw.port(), "/slotted", kGermany, "Cookie: " + cookie_from(withdrawn) + "\r\n");
    CHECK(again.body.find("data-tact-variant=\"country\">Hallo aus DE") != std::string::npos);
    CHECK(again.body.find("München") == std::string::npos);

    // The decision log says which variant each slot got and why the others
    // were skipped. Each worker hands its lines over in batches, so the line
    // of the visit before consent is found by what it says (the only one
    // with the discount promo), not by its place.
    const auto is_discount_visit = [](const nlohmann::json& record) {
        // (Lines of consent actions have no slots; a slot left as it was has a null variant.)
        const nlohmann::json::json_pointer variant("/variants/promo/variant");
        return record.contains(variant) && record[variant] == "discount";
    };
    std::vector<nlohmann::json> lines;
    for (int attempt = 0;
         attempt < 100 && std::none_of(lines.begin(), lines.end(), is_discount_visit); ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        lines.clear();
        std::istringstream log(read_file(dir / "decisions.log"));
        for (std::string line; std::getline(log, line);)
            lines.push_back(nlohmann::json::parse(line));
    }
    const auto first = std::find_if(lines.begin(), lines.end(), is_discount_visit);
    REQUIRE(first != lines.end());
    CHECK((*first)["variants"]["greeting"]["variant"] == "country");
    CHECK((*first)["variants"]["greeting"]["skipped"][0]["variant"] == "city");
    CHECK((*first)["variants"]["greeting"]["skipped"][0]["withheld"] == "geo.city");
    // The profile was never read before consent, and the log says why its
    // variant was skipped: the gate's reason, as for any withheld signal.
    CHECK((*first)["variants"]["recommended"]["skipped"][0]["variant"] == "for-runners");
    CHECK((*first)["variants"]["recommended"]["skipped"][0]["withheld"] == "profile.interests");
    const auto& withheld = (*first)["withheld"];
    CHECK(std::any_of(withheld.begin(), withheld.end(), [](const nlohmann::json& signal) {
        return signal["name"] == "profile.interests" &&
               signal["reason"] == "needs consent to personalization (opt-in), not given";
    }));
}

TEST_CASE("the origin gets the used context as structured fields, never a forged one") {
    TempDir dir;
    GatewayFixture gw(personalization_config(dir, false));
    const auto headers = fetch(gw.port(), "/headers?q=%D8%AA%D8%AE%D9%81%DB%8C%D9%81", kGermany,
                               "Tact-Context: geo.city=\"forged\"\r\n")
                             .body;
    CHECK(headers.find("forged") == std::string::npos);
    const auto at = headers.find("Tact-Context: ");
    REQUIRE(at != std::string::npos);
    const auto context = headers.substr(at, headers.find('\n', at) - at);
    CHECK(context.find("geo.country=\"DE\"") != std::string::npos);
    CHECK(context.find("time.daypart=") != std::string::npos);
    CHECK(context.find("search.keywords=%\"%d8%aa%d8%ae%d9%81%db%8c%d9%81\"") != std::string::npos);
    CHECK(context.find("geo.city") == std::string::npos);  // withheld without consent
}

TEST_CASE("personalized pages are private, the others keep the origin's caching") {
    TempDir dir;
    GatewayFixture gw(personalization_config(dir, false));  // no banner: only rules change pages

    const auto personalized = fetch(gw.port(), "/slotted?q=discount", kGermany);
    CHECK(personalized.header("cache-control") == "private, max-age=300");
    CHECK(personalized.header("etag") == "W/\"v1\"");
    CHECK(personalized.header("vary") == "Accept-Language, Cookie");
    CHECK(personalized.header("content-length").empty());
    CHECK(personalized.header("transfer-encoding") == "chunked");
    CHECK(personalized.complete);

    // A visitor from a place no variant is for, with no search: the page as the origin sent it.
    const auto untouched = fetch(gw.port(), "/slotted", "198.51.100.7");  // Iran
    CHECK(untouched.header("cache-control") == "public, max-age=300");
    CHECK(untouched.header("etag") == "\"v1\"");
    CHECK(untouched.header("vary").empty());
    CHECK(untouched.body.find("data-tact-variant") == std::string::npos);
    CHECK(!untouched.header("content-length").empty());

    // The origin says it used the context it was sent: private as well.
    const auto from_context = fetch(gw.port(), "/from-context", "198.51.100.7");
    CHECK(from_context.header("cache-control") == "private, max-age=300");
    CHECK(from_context.header("vary").find("Tact-Context") != std::string::npos);
}

TEST_CASE("tact rules check validates a rules file, and tact policy explain shows the choice") {
    TempDir dir;
    write_file(dir / "rules.json", std::string(kRules));
    const auto policies = policies_with_city_on_consent(dir);
    Process check({TACT_BINARY, "rules", "check", (dir / "rules.json").string(), "--policies",
                   policies.string()},
                  dir / "check.out");
    REQUIRE(check.wait(std::chrono::seconds(10)) == 0);
    CHECK(check.output().find("valid: 3 slot(s), 4 variant(s)") != std::string::npos);
    CHECK(check.output().find("slot greeting, variant city never matches before consent under "
                              "eu-gdpr: it reads geo.city, withheld") != std::string::npos);

    // explain: which variant each slot gets for one request, and why the others were skipped.
    Process explain(
        {TACT_BINARY, "policy", "explain", "--policies", policies.string(), "--geoip", kCity,
         "--ip", kGermany, "--url", "/?q=discount", "--rules", (dir / "rules.json").string()},
        dir / "explain.out");
    REQUIRE(explain.wait(std::chrono::seconds(10)) == 0);
    CHECK(explain.output().find("slot greeting: variant country\n  variant city skipped: reads "
                                "geo.city, withheld") != std::string::npos);
    CHECK(explain.output().find("slot promo: variant discount") != std::string::npos);
    Process granted({TACT_BINARY, "policy", "explain", "--policies", policies.string(), "--geoip",
                     kCity, "--ip", kGermany, "--consent", "personalization=granted", "--rules",
                     (dir / "rules.json").string(), "--json"},
                    dir / "granted.out");
    REQUIRE(granted.wait(std::chrono::seconds(10)) == 0);
    const auto json = nlohmann::json::parse(granted.output());
    CHECK(json["slots"]["greeting"]["variant"] == "city");

    write_file(dir / "bad.json", R"({"slots": {"greeting": {"variants": [
      {"id": "x", "when": {"signal": "geo.town", "equals": "a"}, "html": ""}]}}})");
    Process bad({TACT_BINARY, "rules", "check", (dir / "bad.json").string()}, dir / "bad.out");
    CHECK(bad.wait(std::chrono::seconds(10)) == 1);
    CHECK(bad.output().find("bad.json:2: key \"slots.greeting.variants.0.when.signal\": "
                            "\"geo.town\" is not a signal Tact knows") != std::string::npos);
}

TEST_CASE("the profile cookie comes with consent to personalization and goes with it") {
    TempDir dir;
    GatewayFixture gw(personalization_config(dir, true));
    // No consent: no profile cookie is set, however many pages are seen.
    const auto first = fetch(gw.port(), "/shoes/trail", kGermany);
    CHECK(first.header("set-cookie").empty());

    const auto accepted = post(gw.port(), "/__tact/consent", R"({"all": "granted"})");
    REQUIRE(accepted.status == 200);
    std::string cookies = cookie_from(accepted);
    // Page views now build the profile, one section at a time.
    for (const auto* page : {"/shoes/trail", "/shoes/road", "/packs/day"}) {
        const auto res = fetch(gw.port(), page, kGermany, "Cookie: " + cookies + "\r\n");
        const auto set = res.header("set-cookie");
        REQUIRE(set.starts_with("tact_profile=p1.k."));
        CHECK(set.find("HttpOnly; SameSite=Lax") != std::string::npos);
        CHECK(res.header("cache-control").starts_with("private"));
        cookies = cookie_from(accepted) + "; " + set.substr(0, set.find(';'));
    }
    // The next page: shoes viewed twice is an interest, and the profile variant applies.
    const auto personal = fetch(gw.port(), "/slotted", kGermany, "Cookie: " + cookies + "\r\n");
    CHECK(personal.body.find("data-tact-variant=\"for-runners\">Picked for you: shoes</p>") !=
          std::string::npos);

    // Withdrawal deletes the profile on its own response...
    const auto withdrawn = post(gw.port(), "/__tact/consent/withdraw", "", cookies);
    REQUIRE(withdrawn.status == 200);
    bool deleted = false;
    for (const auto& [name, value] : withdrawn.headers)
        deleted =
            deleted || (name == "set-cookie" && value.starts_with("tact_profile=; Max-Age=0"));
    CHECK(deleted);
    // ...and a page that still carries it is not personalized with it, and deletes it again.
    const auto after = fetch(gw.port(), "/slotted", kGermany,
                             "Cookie: " + cookie_from(withdrawn) + "; " +
                                 cookies.substr(cookies.find("tact_profile=")) + "\r\n");
    CHECK(after.body.find("for-runners") == std::string::npos);
    CHECK(after.header("set-cookie").starts_with("tact_profile=; Max-Age=0"));
}

TEST_CASE("under opt-out the profile cookie still waits for the visitor's grant") {
    TempDir dir;
    GatewayFixture gw(personalization_config(dir, true));
    const std::string california = "192.0.2.130";  // San José in the test database
    // Personalization is on until refused, but nothing follows the visitor
    // from page to page before they say yes.
    for (const auto* page : {"/shoes/trail", "/shoes/road"}) {
        const auto res = fetch(gw.port(), page, california);
        CHECK(res.header("set-cookie").empty());
    }
    const auto granted =
        post(gw.port(), "/__tact/consent", R"({"all": "granted"})", "", california);
    REQUIRE(granted.status == 200);
    const auto res =
        fetch(gw.port(), "/shoes/trail", california, "Cookie: " + cookie_from(granted) + "\r\n");
    CHECK(res.header("set-cookie").starts_with("tact_profile=p1.k."));
}

TEST_CASE(
    "a profile cookie lasts no longer than the grant, and goes once the gateway runs without "
    "consent") {
    TempDir dir;
    auto config = personalization_config(dir, true);
    std::string profile;
    {
        GatewayFixture gw(config);
        const auto accepted = post(gw.port(), "/__tact/consent", R"({"all": "granted"})");
        REQUIRE(accepted.status == 200);
        const auto page =
            fetch(gw.port(), "/shoes/trail", kGermany, "Cookie: " + cookie_from(accepted) + "\r\n");
        const auto set = page.header("set-cookie");
        REQUIRE(set.starts_with("tact_profile=p1.k."));
        // The grant was just given for 180 days: the profile stays no longer.
        const auto at = set.find("Max-Age=") + 8;
        const auto seconds = std::stol(set.substr(at, set.find(';', at) - at));
        CHECK(seconds <= 180L * 86400);
        CHECK(seconds > 180L * 86400 - 60);
        profile = cookie_from(page);
    }
    // The operator takes policies and consent out of the configuration: a
    // profile cookie the browser still sends is deleted, not left behind.
    config.erase("policies");
    config.erase("consent");
    config.erase("rules");
    GatewayFixture plain(config);
    const auto res = fetch(plain.port(), "/shoes/road", kGermany, "Cookie: " + profile + "\r\n");
    CHECK(res.header("set-cookie").starts_with("tact_profile=; Max-Age=0"));
}

TEST_CASE("a profile nothing reads is not kept, even with consent, and one found is deleted") {
    TempDir dir;
    auto config = personalization_config(dir, true);
    config["forwarding"] = {{"context_signals", {"geo.country"}}};  // the origin is not sent it
    GatewayFixture gw(config);
    // A rule reads profile.interests: the profile is kept.
    const auto [consent, profile] = consent_then_profile(gw.port());

    // The marketers drop that rule: nothing reads the profile any more.
    write_file(dir / "rules.json", R"({"slots": {"greeting": {"variants": [
        {"id": "country", "when": {"signal": "geo.country", "equals": "DE"}, "html": "Hallo"}]}}})");
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows("configuration reloaded"));
    const auto dropped =
        fetch(gw.port(), "/shoes/road", kGermany, "Cookie: " + consent + "; " + profile + "\r\n");
    CHECK(dropped.header("set-cookie").starts_with("tact_profile=; Max-Age=0"));
    const auto fresh = fetch(gw.port(), "/shoes/road", kGermany, "Cookie: " + consent + "\r\n");
    CHECK(fresh.header("set-cookie").empty());
    // The visit says why.
    const auto visit = nlohmann::json::parse(
        fetch(gw.port(), "/__tact/visit", kGermany, "Cookie: " + consent + "\r\n").body);
    bool explained = false;
    for (const auto& withheld : visit["decision"]["withheld"])
        explained = explained || (withheld["name"] == "profile.interests" &&
                                  withheld["reason"].get<std::string>().starts_with("not read"));
    CHECK(explained);
    // Nor is anything else nobody reads taken from the request: the country alone.
    REQUIRE_FALSE(visit["signals"].empty());
    for (const auto& signal : visit["signals"]) {
        INFO(signal["name"]);
        CHECK(signal["name"].get<std::string>().starts_with("geo."));
    }
}

TEST_CASE("the origin is sent neither the consent cookie nor the profile, but the site's cookies") {
    TempDir dir;
    GatewayFixture gw(personalization_config(dir, true));
    const auto [consent, profile] = consent_then_profile(gw.port());

    const auto seen = fetch(gw.port(), "/headers", kGermany,
                            "Cookie: theme=dark; " + consent + "; cart=3; " + profile + "\r\n");
    CHECK(seen.body.find("Cookie: theme=dark; cart=3\n") != std::string::npos);
    CHECK(seen.body.find("tact_consent") == std::string::npos);
    CHECK(seen.body.find("tact_profile") == std::string::npos);
    // The consent itself reaches the origin as Tact-Consent.
    CHECK(seen.body.find("Tact-Consent: necessary=?1, personalization=?1") != std::string::npos);
}

TEST_CASE("compressed pages are decoded, rewritten and sent in their own coding") {
    TempDir dir;
    GatewayFixture gw(personalization_config(dir, false));
    using tact::personalize::BodyDecoder;
    using tact::personalize::ContentCoding;
    for (const auto& [path, coding, name] : {std::tuple{"/page-gzip", ContentCoding::gzip, "gzip"},
                                             std::tuple{"/page-br", ContentCoding::br, "br"}}) {
        INFO(path);
        const auto res = fetch(gw.port(), path, kGermany, "Accept-Encoding: gzip, br\r\n");
        CHECK(res.header("content-encoding") == name);
        CHECK(res.header("content-length").empty());
        CHECK(res.header("cache-control") == "private, max-age=300");
        REQUIRE(res.complete);
        BodyDecoder decoder(coding);
        std::string page;
        REQUIRE(decoder.feed(res.body, page));
        CHECK(decoder.finished());
        CHECK(page.find("<p data-tact-slot=greeting data-tact-variant=\"country\">Hallo aus "
                        "DE</p><!-- </body> --></body></html>") != std::string::npos);
        CHECK(page.find("xxxx") == std::string::npos);  // the slot's 20,000 x went
    }
    // A body that says gzip and is not: the response is cut off, never passed as whole.
    RawClient client(gw.port());
    client.send(
        get("/page-bad-gzip", "X-Forwarded-For: " + kGermany + "\r\nAccept: text/html\r\n"));
    const auto bad = client.read_response();
    CHECK((!bad || !bad->complete || bad->status == 502));
}
