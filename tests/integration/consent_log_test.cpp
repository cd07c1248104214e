// The consent log in the running gateway: nothing acknowledged is lost when
// the process is killed at any moment, and the log still verifies.
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "gateway_fixture.hpp"
#include "raw_client.hpp"

using namespace tact::testing;

namespace {

nlohmann::json log_config() {
    return {{"geoip", {{"database", std::string(TACT_TEST_GEOIP_DIR) + "/test-city.mmdb"}}},
            {"trusted_proxies", {"127.0.0.0/8"}},
            {"policies", {{"directory", TACT_POLICIES_DIR}}},
            {"consent",
             {{"keys", {{{"id", "k"}, {"file", "consent.key"}}}},
              {"generate_missing_keys", true},
              {"log",
               {{"directory", "consent-log"},
                {"signing_key", "consent-log.pem"},
                {"checkpoint_every", 50}}}}}};
}

// Gives consent over one keep-alive connection until the gateway goes away;
// every receipt it was acknowledged (200 with a cookie) goes to `acknowledged`.
void give_consent_until_gone(unsigned short port, std::set<std::string>& acknowledged,
                             std::mutex& mutex) {
    const std::string request =
        post_json("/__tact/consent", R"({"all": "granted"})",
                  "X-Forwarded-For: 192.0.2.10\r\nSec-Fetch-Site: same-origin\r\n");
    try {
        RawClient client(port);
        for (;;) {
            client.send(request);
            const auto response = client.read_response(false, std::chrono::seconds(5));
            if (!response || !response->complete || response->status != 200) return;
            const auto receipt = nlohmann::json::parse(response->body)["receipt"];
            std::lock_guard lock(mutex);
            acknowledged.insert(receipt.get<std::string>());
        }
    } catch (...) {
        // the connection broke: the gateway was killed
    }
}

std::set<std::string> receipts_in_log(const std::filesystem::path& directory) {
    std::set<std::string> receipts;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        if (!entry.path().filename().string().starts_with("segment-")) continue;
        std::istringstream lines(read_file(entry.path()));
        for (std::string line; std::getline(lines, line);) {
            const auto record = nlohmann::json::parse(line, nullptr, false);
            if (!record.is_discarded() && record.value("type", "") == "consent")
                receipts.insert(record.value("receipt", ""));
        }
    }
    return receipts;
}

}  // namespace

TEST_CASE("killed with SIGKILL while clients consent, the log loses no acknowledged choice") {
    GatewayFixture gw(log_config());
    std::set<std::string> acknowledged;
    std::mutex mutex;
    std::unique_ptr<Process> restarted;
    constexpr int kRounds = 5;
    for (int round = 0; round < kRounds; ++round) {
        std::vector<std::thread> clients;
        for (int c = 0; c < 8; ++c)
            clients.emplace_back(give_consent_until_gone, gw.port(), std::ref(acknowledged),
                                 std::ref(mutex));
        std::this_thread::sleep_for(std::chrono::milliseconds(300 + 70 * round));
        Process& running = restarted ? *restarted : gw.gateway();
        running.signal(SIGKILL);
        REQUIRE(running.wait(std::chrono::seconds(10)));
        for (auto& client : clients) client.join();
        // Started again on the same folder: it recovers and goes on.
        restarted = std::make_unique<Process>(
            std::vector<std::string>{TACT_BINARY, "serve", "-c", gw.config_file().string()},
            gw.dir() / ("restart-" + std::to_string(round) + ".out"));
        REQUIRE(wait_for_port(gw.port(), std::chrono::seconds(10)));
    }
    restarted->signal(SIGTERM);  // a clean stop signs a last checkpoint
    REQUIRE(restarted->wait(std::chrono::seconds(15)) == 0);

    INFO(acknowledged.size() << " choices were acknowledged");
    CHECK(acknowledged.size() > 100);
    const auto logged = receipts_in_log(gw.dir() / "consent-log");
    std::size_t missing = 0;
    for (const auto& receipt : acknowledged) missing += !logged.contains(receipt);
    CHECK(missing == 0);

    Process verify({TACT_BINARY, "audit", "verify", (gw.dir() / "consent-log").string(),
                    "--public-key", (gw.dir() / "consent-log.pem.pub").string()},
                   gw.dir() / "verify.out");
    CHECK(verify.wait(std::chrono::seconds(30)) == 0);
    INFO(verify.output());
    CHECK(verify.output().starts_with("OK: "));
}

TEST_CASE("the latest signed checkpoint is served for anyone to witness") {
    GatewayFixture gw(log_config());
    std::string receipt;
    std::thread client([&] {
        // 60 choices: one checkpoint at 50.
        const std::string body = R"({"all": "refused"})";
        RawClient raw(gw.port());
        for (int i = 0; i < 60; ++i) {
            raw.send(
                "POST /__tact/consent HTTP/1.1\r\nHost: a\r\nSec-Fetch-Site: same-origin\r\n"
                "Content-Type: application/json\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body);
            const auto answer = raw.read_response();
            REQUIRE(answer);
            receipt = nlohmann::json::parse(answer->body)["receipt"].get<std::string>();
        }
    });
    client.join();
    RawClient raw(gw.port());
    raw.send(get("/__tact/audit/checkpoint"));
    const auto response = raw.read_response();
    REQUIRE(response);
    CHECK(response->status == 200);
    const auto checkpoint = nlohmann::json::parse(response->body);
    CHECK(checkpoint["type"] == "checkpoint");
    CHECK(checkpoint["seq"] == 50);
    CHECK(checkpoint["signature"].get<std::string>().size() == 128);

    // A witness who kept it can later prove that nothing up to it was cut off.
    write_file(gw.dir() / "witnessed.json", response->body);
    gw.gateway().signal(SIGTERM);
    REQUIRE(gw.gateway().wait(std::chrono::seconds(15)) == 0);
    Process verify({TACT_BINARY, "audit", "verify", (gw.dir() / "consent-log").string(),
                    "--public-key", (gw.dir() / "consent-log.pem.pub").string(), "--checkpoint",
                    (gw.dir() / "witnessed.json").string()},
                   gw.dir() / "verify.out");
    CHECK(verify.wait(std::chrono::seconds(30)) == 0);
    CHECK(verify.output().find("OK: 60 records") != std::string::npos);

    // A data subject's access request: the receipt's history, with the text
    // of the policy version it was made under, kept by the gateway itself.
    Process exported(
        {TACT_BINARY, "audit", "export", "--receipt", receipt, (gw.dir() / "consent-log").string()},
        gw.dir() / "export.out");
    REQUIRE(exported.wait(std::chrono::seconds(30)) == 0);
    const auto history = nlohmann::json::parse(exported.output());
    REQUIRE(history["history"].size() == 1);
    CHECK(history["history"][0]["action"] == "refused");
    const auto hash = history["history"][0]["policy_hash"].get<std::string>();
    CHECK(history["policies"][hash]["text"]["title"].is_string());
}

TEST_CASE(
    "when the log cannot be written, consent gets 503 and changes nothing, pages still flow") {
    // A full disk as the gateway sees it: its files may not grow past 64 KiB
    // (RLIMIT_FSIZE, inherited by the processes the fixture starts).
    rlimit before{};
    ::getrlimit(RLIMIT_FSIZE, &before);
    rlimit small = before;
    small.rlim_cur = 64 * 1024;
    ::signal(SIGXFSZ, SIG_IGN);
    ::setrlimit(RLIMIT_FSIZE, &small);
    GatewayFixture gw(log_config());
    ::setrlimit(RLIMIT_FSIZE, &before);

    const std::string body = R"({"all": "granted"})";
    RawClient client(gw.port());
    std::optional<RawResponse> refused;
    int acknowledged = 0;
    for (int i = 0; i < 1000 && !refused; ++i) {
        client.send(
            "POST /__tact/consent HTTP/1.1\r\nHost: a\r\nSec-Fetch-Site: same-origin\r\n"
            "Content-Type: application/json\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body);
        auto response = client.read_response();
        REQUIRE(response);
        if (response->status == 200)
            ++acknowledged;
        else
            refused = std::move(response);
    }
    REQUIRE(refused);
    CHECK(acknowledged > 10);
    CHECK(refused->status == 503);
    CHECK(refused->header("set-cookie").empty());  // nothing was changed
    CHECK(refused->body.find("could not be recorded") != std::string::npos);
    CHECK(gw.output_shows("consent log: a choice could not be made durable"));

    client.send(get("/hello"));  // the site itself is still served
    const auto page = client.read_response();
    REQUIRE(page);
    CHECK(page->status == 200);
    RawClient admin(gw.admin_port());
    admin.send(get("/metrics"));
    const auto metrics = admin.read_response();
    REQUIRE(metrics);
    CHECK(metrics->body.find("tact_consent_log_failures_total 0\n") == std::string::npos);
    CHECK(metrics->body.find("tact_consent_log_records_total " + std::to_string(acknowledged) +
                             "\n") != std::string::npos);
}

TEST_CASE("a reload that would move the consent log, add it or drop it is refused whole") {
    GatewayFixture gw(log_config());
    auto moved = gw.config();
    moved["consent"]["log"]["directory"] = "elsewhere";
    moved["forwarding"] = {{"client_address", "off"}};  // refused with the rest
    gw.write_config(moved);
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows(
        "reload refused, the running configuration stays in force: key "
        "\"consent.log.directory\" changed: the consent log is opened only at start: restart"));
    // Choices still go into the running log, and nothing was put where the new one would be.
    RawClient client(gw.port());
    client.send(post_json("/__tact/consent", R"({"all": "granted"})",
                          "X-Forwarded-For: 192.0.2.10\r\nSec-Fetch-Site: same-origin\r\n"));
    const auto answer = client.read_response();
    REQUIRE(answer);
    REQUIRE(answer->status == 200);
    const auto receipt = nlohmann::json::parse(answer->body)["receipt"].get<std::string>();
    CHECK(receipts_in_log(gw.dir() / "consent-log").contains(receipt));
    CHECK_FALSE(std::filesystem::exists(gw.dir() / "elsewhere"));
    client.send(get("/headers"));
    const auto headers = client.read_response();
    REQUIRE(headers);
    CHECK(headers->body.find("X-Forwarded-For") != std::string::npos);  // the old forwarding

    auto dropped = gw.config();
    dropped.erase("consent");
    gw.write_config(dropped);
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows("stays in force: removing \"consent\""));
}

TEST_CASE("a reload that adds consent to a gateway started without it is refused") {
    GatewayFixture gw;
    auto added = gw.config();
    added.merge_patch(log_config());
    gw.write_config(added);
    gw.gateway().signal(SIGHUP);
    REQUIRE(gw.output_shows("stays in force: adding \"consent\" opens a consent log"));
    CHECK_FALSE(std::filesystem::exists(gw.dir() / "consent-log"));
    CHECK(gw.gateway().running());
}
