// The consent cookie in the running gateway: keys generated on the demo's
// first run, forged cookies counted and ignored, bad key files refused.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <nlohmann/json.hpp>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;

namespace {

nlohmann::json consent_config(const std::string& key_file) {
    return {{"geoip", {{"database", std::string(TACT_TEST_GEOIP_DIR) + "/test-city.mmdb"}}},
            {"trusted_proxies", {"127.0.0.0/8"}},
            {"policies", {{"directory", TACT_POLICIES_DIR}}},
            {"consent",
             {{"keys", {{{"id", "2026-11"}, {"file", key_file}}}},
              {"sign_with", "2026-11"},
              {"generate_missing_keys", true},
              {"log", {{"directory", "consent-log"}, {"signing_key", "consent-log.pem"}}}}}};
}

// What the test origin's /bytes/N sends: the alphabet over and over, from
// the start again every 64 KiB.
std::string pattern(std::size_t n) {
    std::string bytes(n, '\0');
    for (std::size_t i = 0; i < n; ++i) bytes[i] = static_cast<char>('a' + i % 65536 % 26);
    return bytes;
}

std::string get_body(unsigned short port, const std::string& target, const std::string& headers) {
    RawClient client(port);
    client.send(get(target, headers));
    auto res = client.read_response();
    REQUIRE(res);
    return res->body;
}

}  // namespace

TEST_CASE(
    "a missing key is generated (0600) when allowed, and a forged cookie is counted and ignored") {
    TempDir keys;
    const auto key_file = keys / "consent-2026-11.key";
    GatewayFixture gw(consent_config(key_file.string()));
    struct stat info {};
    REQUIRE(::stat(key_file.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(read_file(key_file).size() == 65);  // 64 hex digits and a newline

    const auto report = nlohmann::json::parse(get_body(
        gw.port(), "/__tact/visit",
        "X-Forwarded-For: 192.0.2.10\r\nCookie: tact_consent=v1.2026-11.eyJyIjoxfQ.AAAA\r\n"));
    CHECK(report["decision"]["consent"]["purposes"].empty());
    const auto metrics = get_body(gw.admin_port(), "/metrics", "");
    CHECK(metrics.find("tact_consent_cookies_rejected_total 1\n") != std::string::npos);
}

TEST_CASE("a key file that is not 32 bytes of hex stops the start, naming the file and the fix") {
    TempDir keys;
    const auto key_file = keys / "bad.key";
    write_file(key_file, "not a key\n");
    auto config = consent_config(key_file.string());
    config["consent"]["generate_missing_keys"] = false;
    write_file(keys / "tact.json",
               nlohmann::json{{"upstream", {{"host", "127.0.0.1"}, {"port", 9}}}}.dump());
    auto full = nlohmann::json{{"listen", {{"address", "127.0.0.1"}, {"port", free_port()}}},
                               {"upstream", {{"host", "127.0.0.1"}, {"port", 9}}}};
    full.merge_patch(config);
    write_file(keys / "tact.json", full.dump(2));
    Process serve({TACT_BINARY, "serve", "-c", (keys / "tact.json").string()}, keys / "out");
    CHECK(serve.wait(std::chrono::seconds(10)) == 3);
    CHECK(serve.output().find(key_file.string() +
                              ": a consent key is 64 hexadecimal characters (32 bytes). Fix: "
                              "openssl rand -hex 32 > ") != std::string::npos);
}

TEST_CASE(
    "a banner language left partly in English is valid, and both config check and serve say which "
    "texts") {
    TempDir keys;
    TempDir texts;
    write_file(texts / "pt-BR.json",
               R"({"accept_all": "Aceitar tudo", "reject_all": "Rejeitar tudo"})");
    write_file(texts / "de.json", R"({"accept_all": "Alles klar"})");  // shipped: nothing left out
    auto config = consent_config((keys / "k.key").string());
    config["consent"]["ui"] = {{"texts", texts.path().string()}};
    GatewayFixture gw(config);
    const std::string warning = "warning: " + (texts / "pt-BR.json").string() +
                                ": 20 of 22 texts of the \"pt-br\" banner stay in English (";
    CHECK(gw.output_shows(warning));
    CHECK(gw.gateway().output().find("on_until_refused") != std::string::npos);
    CHECK(gw.gateway().output().find("de.json") == std::string::npos);

    Process check({TACT_BINARY, "config", "check", "-c", gw.config_file().string()},
                  keys / "check.out");
    CHECK(check.wait(std::chrono::seconds(10)) == 0);
    CHECK(check.output().find(": valid.") != std::string::npos);
    CHECK(check.output().find(warning) != std::string::npos);
    CHECK(check.output().find("add them to the file to translate them") != std::string::npos);
    CHECK(check.output().find("accept_all") == std::string::npos);  // translated: not listed
}

namespace {

RawResponse post_consent(unsigned short port, const std::string& target, const std::string& body,
                         const std::string& extra = "Sec-Fetch-Site: same-origin\r\n") {
    RawClient client(port);
    client.send(post_json(target, body, "X-Forwarded-For: 192.0.2.10\r\n" + extra));
    auto res = client.read_response();
    REQUIRE(res);
    return *res;
}

}  // namespace

TEST_CASE("behind a trusted balancer that ends TLS, the consent cookie is Secure") {
    TempDir keys;
    auto config = consent_config((keys / "k.key").string());  // trusts 127.0.0.0/8
    config["forwarding"] = {{"trust_forwarded_proto", true}};
    GatewayFixture gw(config);
    const auto over_https =
        post_consent(gw.port(), "/__tact/consent", R"({"all": "granted"})",
                     "Sec-Fetch-Site: same-origin\r\nX-Forwarded-Proto: https\r\n");
    REQUIRE(over_https.status == 200);
    CHECK(over_https.header("set-cookie").ends_with("; Secure"));
    const auto over_http = post_consent(gw.port(), "/__tact/consent", R"({"all": "granted"})");
    REQUIRE(over_http.status == 200);
    CHECK(over_http.header("set-cookie").find("Secure") == std::string::npos);
}

TEST_CASE("the access log names no network beside a consent action the consent log records") {
    TempDir keys;
    GatewayFixture gw(consent_config((keys / "k.key").string()));
    REQUIRE(post_consent(gw.port(), "/__tact/consent", R"({"all": "granted"})").status == 200);
    REQUIRE(get_body(gw.port(), "/bytes/10", "").size() == 10);
    gw.gateway().signal(SIGTERM);
    REQUIRE(gw.gateway().wait(std::chrono::seconds(10)) == 0);
    const auto log = gw.access_log();
    INFO(log);
    CHECK(log.find("\"path\":\"/__tact/consent\",\"status\":200,") != std::string::npos);
    const auto consent_line = log.substr(log.find("/__tact/consent"));
    CHECK(consent_line.substr(0, consent_line.find('\n')).ends_with("\"client_network\":\"-\"}"));
    CHECK(log.find("\"path\":\"/bytes/10\"") != std::string::npos);  // a page keeps its network
    CHECK(log.find("\"client_network\":\"127.0.0.0\"") != std::string::npos);
}

TEST_CASE("a consent given on an outdated banner is not logged, and /metrics counts it") {
    TempDir keys;
    GatewayFixture gw(consent_config((keys / "k.key").string()));
    const auto stale = post_consent(
        gw.port(), "/__tact/consent",
        R"({"all": "granted", "shown": {"policy_hash": ")" + std::string(64, '0') + R"("}})");
    CHECK(stale.status == 409);
    CHECK(stale.header("set-cookie").empty());
    const auto state = nlohmann::json::parse(stale.body)["state"];
    CHECK(state["policy"] == "eu-gdpr");
    const auto current = post_consent(gw.port(), "/__tact/consent",
                                      R"({"all": "granted", "shown": {"policy_hash": ")" +
                                          state["policy_hash"].get<std::string>() + R"("}})");
    CHECK(current.status == 200);
    const auto log = read_file(gw.dir() / "consent-log" / "segment-000001.jsonl");
    std::size_t consents = 0;  // the refused one left no record; the current one did
    for (auto at = log.find("\"type\":\"consent\""); at != std::string::npos;
         at = log.find("\"type\":\"consent\"", at + 1))
        ++consents;
    CHECK(consents == 1);
    const auto metrics = get_body(gw.admin_port(), "/metrics", "");
    CHECK(metrics.find("tact_consents_on_outdated_banner_total 1\n") != std::string::npos);
}

TEST_CASE("a choice made through the endpoint is logged durably, then set, then honoured") {
    TempDir keys;
    GatewayFixture gw(consent_config((keys / "k.key").string()));

    const auto refused = post_consent(gw.port(), "/__tact/consent", R"({"all": "granted"})",
                                      "Sec-Fetch-Site: cross-site\r\n");
    CHECK(refused.status == 403);
    CHECK(refused.header("set-cookie").empty());

    const auto given = post_consent(gw.port(), "/__tact/consent",
                                    R"({"purposes": {"personalization": "granted"}})");
    REQUIRE(given.status == 200);
    const auto set_cookie = given.header("set-cookie");
    REQUIRE(set_cookie.starts_with("tact_consent=v1.2026-11."));
    CHECK(set_cookie.find("HttpOnly; SameSite=Lax") != std::string::npos);
    const auto receipt = nlohmann::json::parse(given.body)["receipt"].get<std::string>();
    // Durable before the answer: the line is in the file when the response arrives.
    const auto log = read_file(gw.dir() / "consent-log" / "segment-000001.jsonl");
    CHECK(log.find("\"receipt\":\"" + receipt + "\"") != std::string::npos);
    CHECK(log.find("\"action\":\"given\"") != std::string::npos);
    CHECK(log.find("192.0.2") == std::string::npos);
    // The refused POST left no record: one consent line after the segment header.
    CHECK(log.find("\"type\":\"consent\"") == log.rfind("\"type\":\"consent\""));

    const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
    const auto report = nlohmann::json::parse(get_body(
        gw.port(), "/__tact/visit", "X-Forwarded-For: 192.0.2.10\r\nCookie: " + cookie + "\r\n"));
    CHECK(report["decision"]["consent"]["purposes"]["personalization"] == "granted");
    CHECK(report["decision"]["consent"]["purposes"]["advertising"] == "refused");

    // An auditor reproduces the decision for this visitor's cookie from the command line.
    Process explain({TACT_BINARY, "policy", "explain", "-c", gw.config_file().string(), "--ip",
                     "192.0.2.10", "--cookie", cookie, "--json"},
                    keys / "explain.out");
    REQUIRE(explain.wait(std::chrono::seconds(10)) == 0);
    const auto explained = nlohmann::json::parse(explain.output());
    CHECK(explained["policy"]["id"] == "eu-gdpr");
    CHECK(explained["consent"]["purposes"]["personalization"] == "granted");

    const auto gpc = nlohmann::json::parse(get_body(gw.port(), "/.well-known/gpc.json", ""));
    CHECK(gpc["gpc"] == true);
    CHECK(gw.origin_log().empty());  // none of this reached the origin
}

TEST_CASE("the banner goes into HTML pages before </body>, and only there") {
    TempDir keys;
    GatewayFixture gw(consent_config((keys / "k.key").string()));
    const std::string eu = "X-Forwarded-For: 192.0.2.10\r\nAccept: text/html\r\n";

    RawClient client(gw.port());
    client.send(get("/page/200000", eu + "Accept-Language: ar\r\n"));
    auto page = client.read_response();
    REQUIRE(page);
    CHECK(page->complete);
    CHECK(page->header("transfer-encoding") == "chunked");  // the page grew: no length
    CHECK(page->header("content-length").empty());
    CHECK(page->header("cache-control") == "private, max-age=300");
    CHECK(page->header("etag") == "W/\"v1\"");
    CHECK(page->header("vary") == "Accept-Language, Cookie");
    const auto script = page->body.find("<script src=\"/__tact/ui/consent.js?v=");
    const auto end_of_body = page->body.rfind("</body>");
    REQUIRE(script != std::string::npos);
    CHECK(script < end_of_body);
    CHECK(page->body.find("<!-- </body> -->") < script);  // not the one in the comment
    CHECK(page->body.find("<noscript><div class=\"tact-noscript\" lang=\"ar\" dir=\"rtl\">") !=
          std::string::npos);
    CHECK(page->body.find(std::string(200000, 'x')) != std::string::npos);  // the page, whole

    // The same connection goes on: the chunked page was framed right.
    client.send(get("/page/10", eu));
    auto second = client.read_response();
    REQUIRE(second);
    CHECK(second->body.find("lang=\"en\"") != std::string::npos);

    // The script it names is served from the site's own origin.
    const auto src_end = page->body.find('"', script + 13);
    const auto src = page->body.substr(script + 13, src_end - script - 13);
    client.send(get(src, ""));
    auto asset = client.read_response();
    REQUIRE(asset);
    CHECK(asset->status == 200);
    CHECK(asset->header("content-type") == "text/javascript; charset=utf-8");
    CHECK(asset->header("cache-control") == "public, max-age=31536000, immutable");
}

TEST_CASE("bodies in buffers an earlier request used carry only their own bytes") {
    // A worker lends the same body buffers to request after request, with
    // what the last one left in them, larger and smaller: on one connection,
    // so one worker, every body must still come out exactly.
    TempDir keys;
    GatewayFixture gw(consent_config((keys / "k.key").string()));
    const std::string page_view = "X-Forwarded-For: 192.0.2.10\r\nAccept: text/html\r\n";
    RawClient client(gw.port());
    auto fetch = [&](const std::string& target, const std::string& headers = "") {
        client.send(get(target, headers));
        auto res = client.read_response();
        REQUIRE(res);
        REQUIRE(res->complete);
        return res->body;
    };
    const std::string banner = "<script src=\"/__tact/ui/consent.js?v=";
    CHECK(fetch("/bytes/2000") == pattern(2000));
    // A page rewritten in 64 KiB pieces: more room than the block kept.
    const auto large = fetch("/page/200000", page_view);
    CHECK(large.find("greeting>" + std::string(200000, 'x') + "</p>") != std::string::npos);
    REQUIRE(large.find(banner) != std::string::npos);
    CHECK(fetch("/bytes/100000") == pattern(100000));
    // A small page rewritten in the block the pattern filled and the string
    // the large page's edits grew.
    const auto small = fetch("/page/3000", page_view);
    CHECK(small.find("greeting>" + std::string(3000, 'x') + "</p>") != std::string::npos);
    CHECK(small.find(banner) != std::string::npos);
    CHECK(small.find("abcdefgh") == std::string::npos);
    CHECK(small.size() == large.size() - 200000 + 3000);  // the same page, shorter: no more
    CHECK(fetch("/bytes/5000") == pattern(5000));
    // Request bodies go through the same block: the origin counts the bytes
    // that differ from a body's first.
    for (const auto& [size, byte] : {std::pair{150000, 'v'}, std::pair{10, 'u'}}) {
        client.send("POST /count HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(size) +
                    "\r\n\r\n" + std::string(size, byte));
        auto res = client.read_response();
        REQUIRE(res);
        CHECK(res->body == std::to_string(size));
        CHECK(res->header("unlike-first") == "0");
    }
}

TEST_CASE("responses that are not plain HTML pages pass through untouched") {
    TempDir keys;
    GatewayFixture gw(consent_config((keys / "k.key").string()));
    const std::string eu = "X-Forwarded-For: 192.0.2.10\r\nAccept: text/html\r\n";

    RawClient client(gw.port());
    client.send(get("/page-zstd", eu));  // in a coding the gateway cannot decode: left as it is
    auto compressed = client.read_response();
    REQUIRE(compressed);
    CHECK(compressed->header("content-encoding") == "zstd");
    CHECK(compressed->header("cache-control") == "public, max-age=300");
    CHECK(compressed->body.find("__tact") == std::string::npos);
    CHECK(std::to_string(compressed->body.size()) == compressed->header("content-length"));

    client.send(get("/bytes/5000", eu));  // not HTML
    auto bytes = client.read_response();
    REQUIRE(bytes);
    CHECK(bytes->header("content-length") == "5000");
    CHECK(bytes->body.size() == 5000);

    // A page request asks the origin only for codings the gateway decodes, so
    // that the banner can be added; other requests keep the client's Accept-Encoding.
    client.send(get("/headers", eu + "Accept-Encoding: zstd, gzip;q=0.8, br\r\n"));
    auto page_request = client.read_response();
    REQUIRE(page_request);
    CHECK(page_request->body.find("Accept-Encoding: gzip;q=0.8, br\n") != std::string::npos);
    client.send(get("/headers", eu + "Accept-Encoding: zstd\r\n"));
    auto zstd_only = client.read_response();
    REQUIRE(zstd_only);
    CHECK(zstd_only->body.find("Accept-Encoding: identity\n") != std::string::npos);
    client.send(get("/headers", "X-Forwarded-For: 192.0.2.10\r\nAccept-Encoding: gzip, br\r\n"));
    auto other = client.read_response();
    REQUIRE(other);
    CHECK(other->body.find("Accept-Encoding: gzip, br\n") != std::string::npos);
}

TEST_CASE("an HTTP/1.0 client gets the page with the banner, ended by the connection's close") {
    TempDir keys;
    GatewayFixture gw(consent_config((keys / "k.key").string()));
    RawClient client(gw.port());
    client.send(
        "GET /page/3000 HTTP/1.0\r\nHost: test.example\r\nX-Forwarded-For: 192.0.2.10\r\n"
        "Accept: text/html\r\n\r\n");
    const auto raw = client.read_until_close(1 << 20, std::chrono::seconds(10));
    const auto head_end = raw.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    const auto head = raw.substr(0, head_end);
    const auto body = raw.substr(head_end + 4);
    CHECK(head.starts_with("HTTP/1.0 200"));
    CHECK(head.find("Content-Length") == std::string::npos);     // the page grew
    CHECK(head.find("Transfer-Encoding") == std::string::npos);  // not for HTTP/1.0
    CHECK(body.find("<script src=\"/__tact/ui/consent.js?v=") < body.rfind("</body>"));
    CHECK(body.ends_with("</html>\n"));  // whole, up to the close
}
