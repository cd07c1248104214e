// tact.json validation: what is accepted, and the exact words of each refusal.
#include "config/config_loader.hpp"

#include <catch2/catch.hpp>

#include "config/restart_only_change.hpp"

using tact::config::ConfigError;
using tact::config::parse_config;

namespace {

std::string refusal(const std::string& text) {
    try {
        parse_config(text, "/etc/tact/tact.json");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST_CASE("a minimal configuration takes the documented defaults") {
    auto config = parse_config(R"({"upstream": {"host": "origin.internal", "port": 8081}})",
                               "/etc/tact/tact.json");
    CHECK(config.listen.address == "127.0.0.1");
    CHECK(config.listen.port == 8080);
    CHECK_FALSE(config.listen.tls);
    CHECK(config.upstream.host == "origin.internal");
    CHECK(config.upstream.port == 8081);
    CHECK(config.upstream.scheme == tact::config::UpstreamScheme::http);
    CHECK(config.workers == 0);
    CHECK(config.limits.header_bytes == 16384);
    CHECK(config.timeouts.header == std::chrono::milliseconds(10000));
    CHECK(config.forwarding.client_address == tact::config::ClientAddressForwarding::truncated);
    CHECK_FALSE(config.forwarding.context_signals);  // every used signal goes to the origin
    CHECK(config.access_log.path.empty());
    CHECK(config.admin.port == 0);
}

TEST_CASE("a full configuration is read, with paths relative to the file's folder") {
    auto config = parse_config(R"({
      "listen": {"address": "0.0.0.0", "port": 443, "tls": {"certificate": "tls/cert.pem", "private_key": "/keys/key.pem"}},
      "upstream": {"host": "10.0.0.5", "port": 8443, "scheme": "https", "max_idle_connections": 8,
                   "tls": {"verify": false, "ca_file": "ca.pem", "server_name": "shop.example"}},
      "workers": 4,
      "limits": {"header_bytes": 32768, "request_body_bytes": 0, "max_connections": 100},
      "timeouts": {"header_ms": 1, "idle_ms": 2, "body_read_ms": 3, "upstream_connect_ms": 4,
                   "upstream_response_ms": 5, "upstream_idle_ms": 6, "drain_ms": 7},
      "forwarding": {"client_address": "off", "context_signals": ["geo.country", "time"]},
      "access_log": {"path": "logs/access.log"},
      "admin": {"address": "127.0.0.1", "port": 9901}
    })",
                               "/etc/tact/tact.json");
    REQUIRE(config.listen.tls);
    CHECK(config.listen.tls->certificate == "/etc/tact/tls/cert.pem");
    CHECK(config.listen.tls->private_key == "/keys/key.pem");
    CHECK(config.upstream.scheme == tact::config::UpstreamScheme::https);
    CHECK(config.upstream.tls.ca_file == "/etc/tact/ca.pem");
    CHECK_FALSE(config.upstream.tls.verify);
    CHECK(config.upstream.tls.server_name == "shop.example");
    CHECK(config.upstream.max_idle_connections == 8);
    CHECK(config.workers == 4);
    CHECK(config.limits.request_body_bytes == 0);
    CHECK(config.timeouts.drain == std::chrono::milliseconds(7));
    CHECK(config.forwarding.client_address == tact::config::ClientAddressForwarding::off);
    CHECK(config.forwarding.context_signals == std::vector<std::string>{"geo.country", "time"});
    CHECK(config.access_log.path == "/etc/tact/logs/access.log");
    CHECK(config.admin.port == 9901);
}

TEST_CASE("each refusal names the file, the line, the key and the fix") {
    CHECK(
        refusal("{\n  \"upstream\": {\"host\": \"a\", \"port\": 1},\n  \"listn\": {}\n}") ==
        "/etc/tact/tact.json:3: key \"listn\": unknown key. Fix: remove it, or check its "
        "spelling; keys allowed "
        "here: listen, upstream, workers, limits, timeouts, forwarding, access_log, admin, geoip, "
        "policies, consent, rules, trusted_proxies, signals, demo_origin, demo_visitors");
    CHECK(refusal("{\n  \"upstream\": {\n    \"host\": \"a\",\n    \"port\": 70000\n  }\n}") ==
          "/etc/tact/tact.json:4: key \"upstream.port\": 70000 is out of range. Fix: write a whole "
          "number from 1 "
          "to 65535");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": \"80\"}}") ==
          "/etc/tact/tact.json:1: key \"upstream.port\": expected a whole number from 1 to 65535, "
          "found the "
          "string \"80\". Fix: write a whole number from 1 to 65535");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": -1}}") ==
          "/etc/tact/tact.json:1: key \"upstream.port\": expected a whole number from 1 to 65535, "
          "found -1. Fix: "
          "write a whole number from 1 to 65535");
    CHECK(refusal("{}") ==
          "/etc/tact/tact.json:1: key \"upstream\": missing. Fix: add \"upstream\": {\"host\": "
          "..., \"port\": ...} "
          "naming the origin server");
    CHECK(refusal("{\"upstream\": {\"port\": 80}}") ==
          "/etc/tact/tact.json:1: key \"upstream.host\": missing. Fix: name the origin server, "
          "e.g. \"127.0.0.1\"");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 80, \"scheme\": \"ftp\"}}") ==
          "/etc/tact/tact.json:1: key \"upstream.scheme\": \"ftp\" is not a known choice. Fix: use "
          "one of \"http\", "
          "\"https\"");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 80},\n\"forwarding\": "
                  "{\"client_address\": true}}") ==
          "/etc/tact/tact.json:2: key \"forwarding.client_address\": expected a string, found "
          "true. Fix: use one "
          "of \"off\", \"truncated\", \"full\"");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 80},\n\"forwarding\": "
                  "{\"context_signals\": [\"geo.country\",\n \"geo.contry\"]}}") ==
          "/etc/tact/tact.json:3: key \"forwarding.context_signals.1\": \"geo.contry\" is neither "
          "a signal nor a family of signals. Fix: list signals of the catalog or their families, "
          "e.g. [\"geo.country\", \"time\"] (policies/README.md lists them)");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 80},\n\"forwarding\": "
                  "{\"context_signals\": \"geo\"}}") ==
          "/etc/tact/tact.json:2: key \"forwarding.context_signals\": expected a list of "
          "strings, found the string \"geo\". Fix: list signals of the catalog or their families, "
          "e.g. [\"geo.country\", \"time\"] (policies/README.md lists them)");
    CHECK(refusal("{\"upstream\": [1, 2]}") ==
          "/etc/tact/tact.json:1: upstream: expected an object ({ ... }), found a list. Fix: write "
          "it as an object "
          "of keys and values.");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 80},\n \"listen\": {\"tls\": "
                  "{\"certificate\": \"c.pem\"}}}") ==
          "/etc/tact/tact.json:2: key \"listen.tls.private_key\": missing. Fix: give the path of "
          "the PEM private "
          "key file");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 80},\n\n \"timeouts\": {\"idle_ms\": "
                  "0}}") ==
          "/etc/tact/tact.json:3: key \"timeouts.idle_ms\": 0 is out of range. Fix: write a whole "
          "number from 1 to "
          "86400000");
}

TEST_CASE("a syntax error gives the line and column from the JSON parser") {
    CHECK(refusal("{\n  \"upstream\": {\"host\": \"a\" \"port\": 1}\n}") ==
          "/etc/tact/tact.json: not valid JSON: parse error at line 2, column 33: "
          "syntax error while parsing object - unexpected string literal; expected '}'. Fix: "
          "correct the syntax at "
          "that position (a missing comma or quote is the usual cause).");
    CHECK(refusal("").find("/etc/tact/tact.json: not valid JSON: ") == 0);
}

TEST_CASE("a file that cannot be read is named") {
    try {
        tact::config::load_config_file("/nonexistent/tact.json");
        FAIL("accepted a missing file");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()) ==
              "/nonexistent/tact.json: cannot be read. Fix: check that the file exists and that "
              "the gateway's user "
              "may read it.");
    }
}

TEST_CASE("geoip and trusted proxies") {
    auto config = parse_config(R"({
      "upstream": {"host": "a", "port": 1},
      "geoip": {"database": "GeoLite2-Country.mmdb", "paths": {"city": ["city", "names", "de"]}},
      "trusted_proxies": ["10.0.0.0/8", "2001:db8::/32"]
    })",
                               "/etc/tact/tact.json");
    REQUIRE(config.geoip);
    CHECK(config.geoip->database == "/etc/tact/GeoLite2-Country.mmdb");
    CHECK(config.geoip->paths.country == std::vector<std::string>{"country", "iso_code"});
    CHECK(config.geoip->paths.city == std::vector<std::string>{"city", "names", "de"});
    REQUIRE(config.trusted_proxies.size() == 2);
    CHECK(config.trusted_proxies[1].prefix_length == 32);

    auto flat = parse_config(
        R"({"upstream": {"host": "a", "port": 1}, "geoip": {"database": "c.mmdb", "layout": "flat"}})",
        "/etc/tact/tact.json");
    CHECK(flat.geoip->paths.country == std::vector<std::string>{"country_code"});
    CHECK(flat.geoip->paths.city.empty());

    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 1},\n \"trusted_proxies\": "
                  "[\"10.0.0.0/8\",\n \"10.0.0.1\"]}") ==
          "/etc/tact/tact.json:3: key \"trusted_proxies.1\": \"10.0.0.1\" is not a network in CIDR "
          "notation. Fix: "
          "write networks in CIDR notation, e.g. [\"10.0.0.0/8\", \"2001:db8::/32\"]");
    CHECK(
        refusal(
            "{\"upstream\": {\"host\": \"a\", \"port\": 1}, \"geoip\": {\"layout\": \"flat\"}}") ==
        "/etc/tact/tact.json:1: key \"geoip.database\": missing. Fix: give the path of a MaxMind "
        "DB (.mmdb) file");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 1}, \"geoip\": {\"database\": \"x\", "
                  "\"layout\": \"city\"}}") ==
          "/etc/tact/tact.json:1: key \"geoip.layout\": \"city\" is not a known choice. Fix: use "
          "one of \"geoip2\", \"flat\"");
    CHECK(refusal("{\"upstream\": {\"host\": \"a\", \"port\": 1}, \"geoip\": {\"database\": \"x\", "
                  "\"paths\": {\"country\": \"iso\"}}}") ==
          "/etc/tact/tact.json:1: key \"geoip.paths.country\": expected a list of strings, found "
          "the string \"iso\". "
          "Fix: write the keys leading to the value, e.g. [\"country\", \"iso_code\"]");
}

TEST_CASE("signal settings") {
    auto config = parse_config(R"({"upstream": {"host": "a", "port": 1},
      "signals": {"site_time_zone": "Asia/Tehran", "site_search_parameters": ["k"], "click_parameter": ""}})",
                               "/etc/tact/tact.json");
    CHECK(config.signals.site_time_zone == "Asia/Tehran");
    CHECK(config.signals.site_search_parameters == std::vector<std::string>{"k"});
    CHECK(config.signals.click_parameter.empty());
    auto defaults =
        parse_config(R"({"upstream": {"host": "a", "port": 1}})", "/etc/tact/tact.json");
    CHECK(defaults.signals.click_parameter == "tact_src");
    CHECK(defaults.signals.site_search_parameters.size() == 5);
    CHECK(
        refusal("{\"upstream\": {\"host\": \"a\", \"port\": 1},\n\"signals\": {\"site_time_zone\": "
                "\"Mars/Olympus\"}}") ==
        "/etc/tact/tact.json:2: key \"signals.site_time_zone\": \"Mars/Olympus\" is not a time "
        "zone this system "
        "knows. Fix: write an IANA time zone such as \"Europe/Berlin\" (see /usr/share/zoneinfo)");
}

TEST_CASE("the demo and the production example read: the demo logs every decision, production 1%") {
    const std::filesystem::path demo = TACT_POLICIES_DIR "/../demo";
    const auto demo_config = tact::config::load_config_file(demo / "tact.json");
    REQUIRE(demo_config.policies);
    CHECK(demo_config.policies->decision_log.sample_rate == 1.0);
    CHECK(demo_config.policies->directory.lexically_normal().filename() == "policies");
    const auto production = tact::config::load_config_file(demo / "production.example.json");
    REQUIRE(production.policies);
    CHECK(production.policies->decision_log.sample_rate == 0.01);
    CHECK_FALSE(production.policies->decision_log.include_values);
}

TEST_CASE("a reload may not add, drop or change the consent log, and may change the rest") {
    using tact::config::consent_log_change;
    const auto with_log = [](const std::string& log) {
        return parse_config(
            R"({"upstream": {"host": "o", "port": 80}, "consent": {"keys": [{"id": "k",
                "file": "k.key"}], "log": {"directory": "log", "signing_key": "log.pem")" +
                log + "}}}",
            "/etc/tact/tact.json");
    };
    const auto running = with_log("");
    const auto without = parse_config(R"({"upstream": {"host": "o", "port": 80}})", "/x/tact.json");
    CHECK(consent_log_change(without, running)->starts_with("adding \"consent\""));
    CHECK(consent_log_change(running, without)->starts_with("removing \"consent\""));
    CHECK_FALSE(consent_log_change(without, without));
    CHECK_FALSE(consent_log_change(running, with_log("")));
    auto other_keys = running;  // a key rotation, the banner's texts: not the log
    other_keys.consent->sign_with = "k2";
    other_keys.consent->ui.privacy_notice = "/privacy";
    CHECK_FALSE(consent_log_change(running, other_keys));

    const std::pair<const char*, const char*> changes[] = {
        {R"(, "checkpoint_every": 10)", "consent.log.checkpoint_every"},
        {R"(, "checkpoint_seconds": 5)", "consent.log.checkpoint_seconds"},
        {R"(, "segment_megabytes": 8)", "consent.log.segment_megabytes"},
        {R"(, "segment_hours": 2)", "consent.log.segment_hours"},
    };
    for (const auto& [setting, key] : changes) {
        const auto reason = consent_log_change(running, with_log(setting));
        REQUIRE(reason);
        CHECK(reason->starts_with("key \"" + std::string(key) + "\" changed"));
        CHECK(reason->ends_with("restart the gateway to apply it, or put the running value back"));
    }
    auto moved = running;
    moved.consent->log.signing_key = "/elsewhere.pem";
    CHECK(consent_log_change(running, moved)->starts_with("key \"consent.log.signing_key\""));
    moved = running;
    moved.consent->log.directory = "/elsewhere";
    CHECK(consent_log_change(running, moved)->starts_with("key \"consent.log.directory\""));
}
