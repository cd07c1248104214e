// Policies at work end to end: the gateway with the generated GeoIP database,
// the shipped policies and a decision log answers visitors from the EU, the
// UK, California, Colorado and an unknown place (through the trusted-proxy
// rule); the origin receives only the permitted context, and the decision
// log names the rest as withheld. Also the `tact policy` commands.
#include <catch2/catch.hpp>
#include <csignal>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;

namespace {

const std::string kCity = std::string(TACT_TEST_GEOIP_DIR) + "/test-city.mmdb";
const std::string kPolicies = TACT_POLICIES_DIR;

nlohmann::json policy_config() {
    return {{"geoip", {{"database", kCity}}},
            {"trusted_proxies", {"127.0.0.0/8"}},
            {"policies",
             {{"directory", kPolicies},
              {"decision_log", {{"path", "decisions.log"}, {"sample_rate", 1.0}}}}}};
}

// What the origin received from the gateway, for a visitor at `address`.
std::string origin_headers(GatewayFixture& gw, const std::string& address,
                           const std::string& target, const std::string& more = "") {
    RawClient client(gw.port());
    client.send(get(target, "X-Forwarded-For: " + address + "\r\n" + more));
    auto res = client.read_response();
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return res->body;
}

std::string header_line(const std::string& headers, const std::string& name) {
    std::istringstream lines(headers);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
    return "";
}

std::vector<nlohmann::json> decision_lines(GatewayFixture& gw, std::size_t at_least) {
    std::vector<nlohmann::json> lines;
    // The log is flushed once a second.
    for (int attempt = 0; attempt < 100 && lines.size() < at_least; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        lines.clear();
        std::istringstream in(read_file(gw.dir() / "decisions.log"));
        for (std::string line; std::getline(in, line);)
            lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
}

bool names(const nlohmann::json& list, const std::string& name) {
    for (const auto& s : list)
        if (s["name"] == name) return true;
    return false;
}

const std::string kTarget = "/headers?utm_term=running+shoes&utm_campaign=cancer+awareness";

}  // namespace

TEST_CASE("the origin receives only what each jurisdiction's policy permits") {
    GatewayFixture gw(policy_config());

    SECTION("EU (Germany): opt-in, location down to the subdivision") {
        const auto h = origin_headers(gw, "192.0.2.10", kTarget);
        CHECK(header_line(h, "Tact-Policy").rfind("eu-gdpr;revision=\"2026-11-01 (sha256:", 0) ==
              0);
        CHECK(header_line(h, "Tact-Policy").find("jurisdiction=\"DE\"") != std::string::npos);
        const auto signals = header_line(h, "Tact-Context");
        CHECK(signals.find("geo.country=\"DE\"") != std::string::npos);
        CHECK(signals.find("geo.subdivision=\"DE-BY\"") != std::string::npos);
        CHECK(signals.find("search.keywords=\"running shoes\"") != std::string::npos);
        CHECK(signals.find("geo.city") == std::string::npos);       // finer than allowed
        CHECK(signals.find("campaign.name") == std::string::npos);  // sensitive: health
        CHECK(h.find("München") == std::string::npos);
        // Opt-in and no choice yet: only what is strictly necessary.
        CHECK(header_line(h, "Tact-Consent") ==
              "necessary=?1, personalization=?0, analytics=?0, advertising=?0");
    }
    SECTION("UK: its own policy") {
        const auto h = origin_headers(gw, "192.0.2.70", kTarget);
        CHECK(header_line(h, "Tact-Policy").rfind("uk-gdpr;", 0) == 0);
        CHECK(header_line(h, "Tact-Context").find("geo.country=\"GB\"") != std::string::npos);
        CHECK(header_line(h, "Tact-Context").find("geo.city") == std::string::npos);
    }
    SECTION("California: opt-out, the city may be used") {
        const auto h = origin_headers(gw, "192.0.2.130", kTarget, "Sec-GPC: 1\r\n");
        CHECK(header_line(h, "Tact-Policy").rfind("us-ca-ccpa;", 0) == 0);
        CHECK(header_line(h, "Tact-Policy").find("jurisdiction=\"US-CA\"") != std::string::npos);
        CHECK(header_line(h, "Tact-Context").find("geo.city=%\"San Jos%c3%a9\"") !=
              std::string::npos);
        CHECK(header_line(h, "Tact-Context").find("campaign.name") == std::string::npos);
        // Opt-out: on until refused; GPC refused the sale and sharing of data.
        CHECK(header_line(h, "Tact-Consent") ==
              "necessary=?1, personalization=?1, analytics=?1, advertising=?0");
    }
    SECTION("Colorado") {
        const auto h = origin_headers(gw, "192.0.2.200", kTarget);
        CHECK(header_line(h, "Tact-Policy").rfind("us-co-cpa;", 0) == 0);
        CHECK(header_line(h, "Tact-Context").find("geo.subdivision=\"US-CO\"") !=
              std::string::npos);
    }
    SECTION("an address no database knows: the strictest fallback") {
        const auto h = origin_headers(gw, "2001:db8:9::1", kTarget);
        CHECK(header_line(h, "Tact-Policy").rfind("fallback;", 0) == 0);
        CHECK(header_line(h, "Tact-Policy").find("jurisdiction=\"unknown location\"") !=
              std::string::npos);
        CHECK(header_line(h, "Tact-Context").find("geo.") == std::string::npos);
    }
    SECTION("a place no policy names (Iran): the fallback, location down to the country") {
        const auto h = origin_headers(gw, "198.51.100.7", kTarget);
        CHECK(header_line(h, "Tact-Policy").rfind("fallback;", 0) == 0);
        CHECK(header_line(h, "Tact-Context").find("geo.country=\"IR\"") != std::string::npos);
        CHECK(header_line(h, "Tact-Context").find("geo.subdivision") == std::string::npos);
    }
    SECTION("a client cannot forge the context the origin trusts") {
        const auto h = origin_headers(gw, "192.0.2.10", "/headers",
                                      "Tact-Context: profile.interests=forged\r\n"
                                      "tact-policy: forged\r\n");
        CHECK(h.find("forged") == std::string::npos);
    }
}

TEST_CASE(
    "an operator's list of context signals keeps the rest from the origin, not from the rules") {
    auto config = policy_config();
    config["forwarding"] = {{"context_signals", {"geo.country", "time"}}};
    GatewayFixture gw(config);
    const auto h = origin_headers(gw, "192.0.2.10", kTarget);
    const auto context = header_line(h, "Tact-Context");
    CHECK(context.rfind("geo.country=\"DE\", time.hour=", 0) == 0);
    CHECK(context.find("time.daypart=") != std::string::npos);
    CHECK(context.find("geo.subdivision") == std::string::npos);  // used, but not listed
    CHECK(context.find("search.keywords") == std::string::npos);
    CHECK(h.find("running shoes") == std::string::npos);
    CHECK(header_line(h, "Tact-Consent") ==
          "necessary=?1, personalization=?0, analytics=?0, advertising=?0");
    // The decision itself is the policy's: the log still has the unlisted signal as used.
    const auto lines = decision_lines(gw, 1);
    REQUIRE(lines.size() == 1);
    CHECK(names(lines[0]["used"], "geo.subdivision"));
}

TEST_CASE("the decision log names what was withheld and why, and never the address") {
    GatewayFixture gw(policy_config());
    origin_headers(gw, "192.0.2.10", kTarget);
    origin_headers(gw, "192.0.2.130", kTarget, "Sec-GPC: 1\r\n");
    const auto lines = decision_lines(gw, 2);
    REQUIRE(lines.size() == 2);
    // Workers hand their lines over in batches: each visit's line is found
    // by its policy, not by its place.
    const bool eu_first = lines[0]["policy"] == "eu-gdpr";
    const auto& eu = lines[eu_first ? 0 : 1];
    const auto& california = lines[eu_first ? 1 : 0];
    CHECK(eu["jurisdiction"] == "DE");
    CHECK(eu["policy"] == "eu-gdpr");
    CHECK(eu["policy_hash"].get<std::string>().size() == 64);
    CHECK(eu["consent"] == "none recorded");
    CHECK(names(eu["used"], "geo.country"));
    CHECK(names(eu["withheld"], "geo.city"));
    CHECK(names(eu["withheld"], "campaign.name"));
    CHECK(california["policy"] == "us-ca-ccpa");
    CHECK(california["consent"] == "gpc");
    const auto log = read_file(gw.dir() / "decisions.log");
    CHECK(log.find("192.0.2") == std::string::npos);
    CHECK(log.find("running") == std::string::npos);  // names only, no keyword values
    CHECK(log.find("München") == std::string::npos);
}

TEST_CASE("sampling: a rate of 0 logs no decision") {
    auto config = policy_config();
    config["policies"]["decision_log"]["sample_rate"] = 0.0;
    GatewayFixture gw(config);
    for (int i = 0; i < 20; ++i) origin_headers(gw, "192.0.2.10", "/headers");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past a flush
    CHECK(read_file(gw.dir() / "decisions.log").empty());
}

TEST_CASE("a bad policy set is refused at start, and on reload the old one stays") {
    TempDir broken;
    std::filesystem::copy(kPolicies, broken.path(), std::filesystem::copy_options::recursive);
    auto config = policy_config();
    GatewayFixture gw(config);
    // Break the set (no fallback) and point the running gateway at it.
    std::filesystem::remove(broken.path() / "fallback.json");
    config = gw.config();
    config["policies"]["directory"] = broken.path().string();
    gw.write_config(config);
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows("reload refused"));
    CHECK(gw.gateway().output().find("no fallback policy") != std::string::npos);
    CHECK(header_line(origin_headers(gw, "192.0.2.10", "/headers"), "Tact-Policy")
              .rfind("eu-gdpr;", 0) == 0);

    Process refused({TACT_BINARY, "serve", "-c", gw.config_file().string()},
                    broken.path() / "serve.out");
    CHECK(refused.wait(std::chrono::seconds(10)) == 3);
    CHECK(refused.output().find("no fallback policy. Fix:") != std::string::npos);
}

TEST_CASE("tact policy check passes on the shipped policies and summarises them") {
    TempDir dir;
    Process check({TACT_BINARY, "policy", "check", kPolicies}, dir / "out");
    REQUIRE(check.wait(std::chrono::seconds(10)) == 0);
    const auto out = check.output();
    CHECK(out.find("6 policies, all valid") != std::string::npos);
    CHECK(out.find("us-ca-ccpa - California CCPA as amended by CPRA") != std::string::npos);
    CHECK(out.find("before consent  campaign, click, device, geo (to city)") != std::string::npos);
    CHECK(out.find("GPC             refuses advertising\n") != std::string::npos);
    CHECK(out.find("banner          a link only, until the visitor opens it; nothing starts "
                   "ticked but what the visitor chose\n") != std::string::npos);
}

TEST_CASE("each command shows its help for --help, wherever it comes") {
    TempDir dir;
    const std::pair<std::vector<std::string>, const char*> cases[] = {
        {{"policy", "explain", "--help"}, "tact policy explain"},
        {{"policy", "check", "--help"}, "tact policy check DIR"},
        {{"rules", "check", "rules.json", "-h"}, "tact rules check FILE"},
        {{"audit", "verify", "--help"}, "tact audit verify"},
        {{"serve", "--help"}, "tact serve -c"},
        {{"config", "check", "--help"}, "tact config check"},
    };
    int run = 0;
    for (const auto& [args, usage] : cases) {
        INFO(args[0] << " " << args[1]);
        std::vector<std::string> argv{TACT_BINARY};
        argv.insert(argv.end(), args.begin(), args.end());
        Process help(argv, dir / ("help" + std::to_string(++run) + ".out"));
        CHECK(help.wait(std::chrono::seconds(10)) == 0);
        CHECK(help.output().find(usage) != std::string::npos);
    }
    // Not for a command that does not exist.
    Process unknown({TACT_BINARY, "bogus", "--help"}, dir / "unknown.out");
    CHECK(unknown.wait(std::chrono::seconds(10)) == 2);
    CHECK(unknown.output().find("unknown subcommand 'bogus'") != std::string::npos);
}

TEST_CASE("tact policy explain: the last --header of a name counts, its value trimmed") {
    TempDir dir;
    int run = 0;
    const auto gpc_with = [&](const char* first, const char* last) {
        Process explain({TACT_BINARY, "policy", "explain", "--policies", kPolicies, "--ip",
                         "192.0.2.130", "--header", first, "--header", last, "--json"},
                        dir / ("explain" + std::to_string(++run) + ".out"));
        REQUIRE(explain.wait(std::chrono::seconds(10)) == 0);
        return nlohmann::json::parse(explain.output())["consent"]["gpc"] == true;
    };
    CHECK(gpc_with("Sec-GPC: 0", "sec-gpc: \t1 "));
    CHECK_FALSE(gpc_with("Sec-GPC: 1", "Sec-GPC: 0"));
}

TEST_CASE("tact policy explain says why the profile and the families nothing reads are not read") {
    TempDir dir;
    // The origin is sent the country alone, and no rules: nothing reads the
    // profile, the time, the device or the language.
    write_file(dir / "tact.json",
               nlohmann::json{{"upstream", {{"host", "127.0.0.1"}, {"port", 8080}}},
                              {"policies", {{"directory", kPolicies}}},
                              {"forwarding", {{"context_signals", {"geo.country"}}}}}
                   .dump());
    auto explained = [&](std::vector<std::string> more) {
        std::vector<std::string> command{TACT_BINARY,
                                         "policy",
                                         "explain",
                                         "-c",
                                         (dir / "tact.json").string(),
                                         "--geoip",
                                         kCity,
                                         "--ip",
                                         "192.0.2.10",
                                         "--header",
                                         "User-Agent: Mozilla/5.0 (iPhone) Mobile",
                                         "--json"};
        command.insert(command.end(), more.begin(), more.end());
        const auto out = dir / ("explain-" + std::to_string(more.size()) + ".out");
        Process explain(command, out);
        REQUIRE(explain.wait(std::chrono::seconds(10)) == 0);
        return nlohmann::json::parse(explain.output());
    };
    auto reason_for = [](const nlohmann::json& report, std::string_view name) {
        for (const auto& s : report["withheld"])
            if (s["name"] == name) return s["reason"].get<std::string>();
        return std::string("(not withheld)");
    };
    const auto no_answer = explained({});
    CHECK(reason_for(no_answer, "profile.interests") ==
          "needs consent to personalization (opt-in), not given");
    CHECK(names(no_answer["used"], "geo.country"));
    for (const auto* name : {"time.daypart", "device.class", "language.primary"}) {
        INFO(name);
        CHECK(reason_for(no_answer, name).starts_with("not read"));
    }
    const auto granted = explained({"--consent", "personalization=granted"});
    CHECK(reason_for(granted, "profile.interests").starts_with("not read"));
    CHECK(reason_for(granted, "device.class").starts_with("not read"));
}

TEST_CASE("tact policy explain and diff tell a reviewer what the gateway does") {
    TempDir dir;
    Process explain({TACT_BINARY, "policy", "explain", "--policies", kPolicies, "--geoip", kCity,
                     "--ip", "192.0.2.130", "--url", "https://shop.example/shoes?utm_term=hiv+test",
                     "--header", "Sec-GPC: 1", "--at", "2026-11-23T17:30:00Z", "--json"},
                    dir / "explain.out");
    REQUIRE(explain.wait(std::chrono::seconds(10)) == 0);
    const auto report = nlohmann::json::parse(explain.output());
    CHECK(report["jurisdiction"] == "US-CA");
    CHECK(report["policy"]["id"] == "us-ca-ccpa");
    CHECK(report["consent"]["gpc"] == true);
    CHECK(names(report["withheld"], "search.keywords"));  // "hiv" is a sensitive health term
    bool saw_hour = false;
    for (const auto& s : report["used"])
        if (s["name"] == "time.hour") saw_hour = s["value"] == "9";  // 17:30 UTC in Los Angeles
    CHECK(saw_hour);

    std::filesystem::copy(kPolicies, dir.path() / "new", std::filesystem::copy_options::recursive);
    {
        auto file = dir.path() / "new" / "eu-gdpr.json";
        auto policy = nlohmann::json::parse(read_file(file));
        policy["signals"]["geo"]["granularity"] = "city";
        write_file(file, policy.dump(2));
        file = dir.path() / "new" / "us-ca-ccpa.json";
        policy = nlohmann::json::parse(read_file(file));
        policy["banner"]["show_before_processing"] = true;
        write_file(file, policy.dump(2));
    }
    Process diff({TACT_BINARY, "policy", "diff", kPolicies, (dir.path() / "new").string()},
                 dir / "diff.out");
    REQUIRE(diff.wait(std::chrono::seconds(10)) == 0);
    CHECK(diff.output().find(
              "geo.city: never: finer than the policy allows: city, allowed down to subdivision "
              "-> before consent") != std::string::npos);
    CHECK(diff.output().find("us-ca-ccpa (US-CA): banner: a link only, until the visitor opens "
                             "it; nothing starts ticked but what the visitor chose -> opens by "
                             "itself until answered;") != std::string::npos);
}
