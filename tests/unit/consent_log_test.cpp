// The consent log: what it writes, how group commit flushes, how it recovers
// a torn line, how it refuses a write it cannot make durable, and every kind
// of tampering `tact audit verify` must catch, with the right message.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "audit/chained_consent_log.hpp"
#include "audit/log_line.hpp"
#include "audit/log_segments.hpp"
#include "audit/log_verifier.hpp"
#include "process.hpp"

using namespace tact;
namespace fs = std::filesystem;

namespace {

using tact::testing::TempDir;

// The gateway's signing key, and the auditor's copy of its public key.
struct KeyPair {
    TempDir folder;
    crypto::Ed25519Key gateway =
        crypto::Ed25519Key::generate(folder / "log.pem", folder / "log.pem.pub");
    crypto::Ed25519Key auditor = crypto::Ed25519Key::load_public(folder / "log.pem.pub");
};

const KeyPair& keys() {
    static const KeyPair pair;
    return pair;
}
const crypto::Ed25519Key& signing_key() {
    return keys().gateway;
}
const crypto::Ed25519Key& public_key() {
    return keys().auditor;
}

consent::ConsentRecord record(int n) {
    return {.receipt_id = "receipt-" + std::to_string(n),
            .policy_id = "eu-gdpr",
            .policy_hash = std::string(64, 'a'),
            .purposes_hash = std::string(64, 'b'),
            .purposes = {{"personalization",
                          n % 2 ? consent::Choice::granted : consent::Choice::refused}},
            .decided_at = std::chrono::sys_seconds{std::chrono::seconds{1795000000 + n}},
            .method = "banner"};
}

const consent::ConsentAction kAction{
    .name = "given", .jurisdiction = "DE", .language = "de", .ui_version = std::string(32, 'c')};

audit::ChainedLogSettings settings(const fs::path& directory,
                                   std::uint64_t segment_bytes = 64 << 20) {
    return {.directory = directory,
            .signing_key = signing_key(),
            .checkpoint_every = 5,
            .checkpoint_interval = std::chrono::seconds(60),
            .segment_bytes = segment_bytes,
            .segment_age = std::chrono::hours{24},
            .retention = std::nullopt};
}

bool append_and_wait(audit::ChainedConsentLog& log, int n) {
    std::promise<bool> durable;
    log.append(record(n), kAction, [&](bool ok) { durable.set_value(ok); });
    return durable.get_future().get();
}

// A log of `count` records, 2 KB segments (several of them), closed.
void write_log(const fs::path& directory, int count, int first = 1) {
    std::ostringstream report;
    audit::ChainedConsentLog log(settings(directory, 2048), report);
    for (int n = first; n < first + count; ++n) REQUIRE(append_and_wait(log, n));
}

std::vector<std::string> lines_of(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void write_lines(const fs::path& file, const std::vector<std::string>& lines) {
    std::ofstream out(file, std::ios::trunc);
    for (const auto& line : lines) out << line << "\n";
}

fs::path segment(const fs::path& directory, int index) {
    char name[40];
    std::snprintf(name, sizeof name, "segment-%06d.jsonl", index);
    return directory / name;
}

// The index of the n-th consent line of a segment's lines.
std::size_t consent_line(const std::vector<std::string>& lines, int n) {
    int seen = 0;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find("\"type\":\"consent\"") != std::string::npos && ++seen == n) return i;
    FAIL("no consent line " << n);
    return 0;
}

std::string verify_problem(const fs::path& directory,
                           const std::optional<std::string>& witness = std::nullopt) {
    const auto report = audit::verify_log(directory, public_key(), witness);
    return report.ok ? "" : report.problem;
}

}  // namespace

TEST_CASE("consent log: records are chained, checkpointed and verify") {
    TempDir folder;
    write_log(folder.path(), 23);
    const auto report = audit::verify_log(folder.path(), public_key());
    INFO(report.problem);
    REQUIRE(report.ok);
    CHECK(report.records == 23);
    CHECK(report.segments >= 3);     // 2 KB segments
    CHECK(report.checkpoints >= 5);  // every 5 records, at segment ends, at shutdown
    CHECK(report.uncovered == 0);    // the last checkpoint was written at shutdown
    const auto first = lines_of(segment(folder.path(), 1));
    CHECK(first[0].find("\"type\":\"segment\"") != std::string::npos);
    CHECK(first[1].find("\"prev\":\"" + std::string(audit::kGenesis) + "\"") != std::string::npos);
    CHECK(first[1].find("\"jurisdiction\":\"DE\"") != std::string::npos);
    CHECK(first[1].find("\"ui_version\":\"" + std::string(32, 'c') + "\"") != std::string::npos);
    CHECK(first[1].find("192.0.2") == std::string::npos);  // nothing about the visitor's address
}

TEST_CASE("consent log: records that keep coming are checkpointed on time all the same") {
    TempDir folder;
    auto every_second = settings(folder.path());
    every_second.checkpoint_every = 1000;  // never reached here: only the clock may sign
    every_second.checkpoint_interval = std::chrono::seconds(1);
    std::ostringstream report;
    audit::ChainedConsentLog log(every_second, report);
    REQUIRE(append_and_wait(log, 1));
    // A record every 200 ms: the writer is never idle for the interval, and
    // the checkpoint must come anyway, about a second after the first record.
    const auto start = std::chrono::steady_clock::now();
    int n = 1;
    while (log.latest_checkpoint().empty() &&
           std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        REQUIRE(append_and_wait(log, ++n));
    }
    CHECK_FALSE(log.latest_checkpoint().empty());
}

TEST_CASE("consent log: the timed checkpoint counts from the oldest record it must cover") {
    TempDir folder;
    auto two_seconds = settings(folder.path());
    two_seconds.checkpoint_every = 1000;
    two_seconds.checkpoint_interval = std::chrono::seconds(2);
    std::ostringstream report;
    audit::ChainedConsentLog log(two_seconds, report);
    const auto first = std::chrono::steady_clock::now();
    REQUIRE(append_and_wait(log, 1));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    REQUIRE(append_and_wait(log, 2));  // must not restart the wait: due at 2 s, not 3.5 s
    while (log.latest_checkpoint().empty() &&
           std::chrono::steady_clock::now() - first < std::chrono::milliseconds(3200))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK_FALSE(log.latest_checkpoint().empty());
}

TEST_CASE("consent log: a reopened log continues the chain") {
    TempDir folder;
    write_log(folder.path(), 7);
    write_log(folder.path(), 6, 8);
    const auto report = audit::verify_log(folder.path(), public_key());
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.records == 13);
}

TEST_CASE("consent log: concurrent actions share flushes (group commit)") {
    TempDir folder;
    std::ostringstream report;
    audit::ChainedConsentLog log(settings(folder.path()), report);
    std::vector<std::thread> clients;
    std::atomic<int> durable{0};
    for (int t = 0; t < 16; ++t)
        clients.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) durable += append_and_wait(log, t * 100 + i);
        });
    for (auto& client : clients) client.join();
    CHECK(durable == 400);
    CHECK(log.counters().records == 400);
    CHECK(log.counters().flushes < 400);  // several actions per fdatasync
    CHECK(log.counters().flushes >= 25);
}

TEST_CASE("consent log: a torn last line is set aside and the chain goes on") {
    TempDir folder;
    write_log(folder.path(), 4);
    const auto last = segment(folder.path(), 1);
    {
        std::ofstream(last, std::ios::app) << "{\"type\":\"consent\",\"seq\":5,\"pr";
    }  // a crash mid-line
    std::ostringstream report;
    {
        audit::ChainedConsentLog log(settings(folder.path()), report);
        CHECK(append_and_wait(log, 5));
    }
    CHECK(report.str().find("set aside in quarantine-") != std::string::npos);
    CHECK(report.str().find("goes on from seq 4") != std::string::npos);
    int quarantined = 0;
    for (const auto& entry : fs::directory_iterator(folder.path())) {
        if (!entry.path().filename().string().starts_with("quarantine-")) continue;
        ++quarantined;
        CHECK(entry.status().permissions() == (fs::perms::owner_read | fs::perms::owner_write));
    }
    CHECK(quarantined == 1);
    CHECK(verify_problem(folder.path()).empty());
}

TEST_CASE("consent log: damage before the end stops the start") {
    TempDir folder;
    write_log(folder.path(), 4);
    auto lines = lines_of(segment(folder.path(), 1));
    lines[consent_line(lines, 2)] += "x";
    write_lines(segment(folder.path(), 1), lines);
    std::ostringstream report;
    CHECK_THROWS_WITH(audit::ChainedConsentLog(settings(folder.path()), report),
                      Catch::Contains("damaged before its end") && Catch::Contains("line 3"));
}

TEST_CASE(
    "consent log: an action that cannot be made durable is refused, and nothing half-written "
    "stays") {
    TempDir folder;
    std::ostringstream report;
    audit::ChainedConsentLog log(settings(folder.path()), report);
    REQUIRE(append_and_wait(log, 1));
    const auto size = fs::file_size(segment(folder.path(), 1));
    // A full disk, as the process sees it: writes past this size fail (EFBIG).
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit before{};
    ::getrlimit(RLIMIT_FSIZE, &before);
    rlimit small = before;
    small.rlim_cur = size + 100;
    ::setrlimit(RLIMIT_FSIZE, &small);
    const bool refused = !append_and_wait(log, 2);
    ::setrlimit(RLIMIT_FSIZE, &before);
    CHECK(refused);
    CHECK(log.counters().failures == 1);
    CHECK(fs::file_size(segment(folder.path(), 1)) == size);  // cut back
    CHECK(append_and_wait(log, 3));                           // room again: goes on
    CHECK(verify_problem(folder.path()).empty());
}

TEST_CASE("tact audit verify: every kind of tampering is found and named") {
    TempDir folder;
    write_log(folder.path(), 23);
    const auto seg1 = segment(folder.path(), 1), seg2 = segment(folder.path(), 2);
    const auto original1 = lines_of(seg1);  // each SECTION starts from a fresh log
    REQUIRE(verify_problem(folder.path()).empty());

    SECTION("a field edited") {
        auto lines = original1;
        auto& line = lines[consent_line(lines, 2)];
        line.replace(line.find("\"refused\""), 9, "\"granted\"");  // record 2 refused
        write_lines(seg1, lines);
        CHECK_THAT(verify_problem(folder.path()),
                   Catch::Contains("segment-000001.jsonl line 3 (seq 2)") &&
                       Catch::Contains("it was edited"));
    }
    SECTION("a line deleted") {
        auto lines = original1;
        lines.erase(lines.begin() + static_cast<long>(consent_line(lines, 2)));
        write_lines(seg1, lines);
        CHECK_THAT(verify_problem(folder.path()),
                   Catch::Contains("follows seq 1") && Catch::Contains("record 2 was deleted"));
    }
    SECTION("two lines swapped") {
        auto lines = original1;
        std::swap(lines[consent_line(lines, 2)], lines[consent_line(lines, 3)]);
        write_lines(seg1, lines);
        CHECK_THAT(verify_problem(folder.path()), Catch::Contains("reordered"));
    }
    SECTION("a forged line inserted") {
        auto lines = original1;
        std::string hash;
        const auto forged = audit::consent_line(2, std::string(64, 'f'), record(99), kAction, hash);
        lines.insert(lines.begin() + static_cast<long>(consent_line(lines, 2)) + 1, forged);
        write_lines(seg1, lines);
        CHECK_THAT(verify_problem(folder.path()), Catch::Contains("one was inserted"));
    }
    SECTION("the whole chain rewritten after an edit: the signed checkpoint catches it") {
        // An attacker edits record 2 and recomputes every hash after it.
        auto lines = original1;
        std::string head(audit::kGenesis);
        for (auto& line : lines) {
            const auto facts = audit::read_line(line);
            if (!facts || facts->type != audit::LineType::consent) continue;
            auto changed = record(static_cast<int>(facts->seq));
            if (facts->seq == 2) changed.purposes["personalization"] = consent::Choice::granted;
            std::string hash;
            line = audit::consent_line(facts->seq, head, changed, kAction, hash);
            head = hash;
        }
        write_lines(seg1, lines);
        CHECK_THAT(verify_problem(folder.path()), Catch::Contains("signed checkpoint") &&
                                                      Catch::Contains("does not match the chain"));
    }
    SECTION("a checkpoint forged with another key") {
        TempDir other;
        const auto thief = crypto::Ed25519Key::generate(other / "k.pem", other / "k.pub");
        auto lines = original1;
        for (auto& line : lines) {
            const auto facts = audit::read_line(line);
            if (facts && facts->type == audit::LineType::checkpoint) {
                line = audit::checkpoint_line(facts->seq, facts->prev, std::chrono::sys_seconds{},
                                              thief);
                break;
            }
        }
        write_lines(seg1, lines);
        CHECK_THAT(verify_problem(folder.path()), Catch::Contains("signature does not verify") &&
                                                      Catch::Contains("signed with another key"));
    }
    SECTION("a segment replaced by one from another log") {
        TempDir elsewhere;
        write_log(elsewhere.path(), 23, 500);
        fs::copy_file(segment(elsewhere.path(), 2), seg2, fs::copy_options::overwrite_existing);
        CHECK_THAT(verify_problem(folder.path()),
                   Catch::Contains("segment-000002.jsonl line 1") &&
                       Catch::Contains("does not continue the previous one"));
    }
    SECTION("a segment removed") {
        fs::remove(seg2);
        CHECK_THAT(verify_problem(folder.path()), Catch::Contains("segment 2 is missing"));
    }
    SECTION("the tail truncated mid-line") {
        const auto last = audit::list_segments(folder.path()).back().second;
        auto text = lines_of(last);
        std::ofstream out(last, std::ios::trunc);
        for (std::size_t i = 0; i + 1 < text.size(); ++i) out << text[i] << "\n";
        out << text.back().substr(0, 20);
        out.close();
        CHECK_THAT(verify_problem(folder.path()), Catch::Contains("incomplete"));
    }
    SECTION("records cut off after a checkpoint a witness holds") {
        // The witness fetched the latest checkpoint; then the tail was cut,
        // checkpoint and all. Alone the shorter log verifies (what a hash
        // chain cannot prove); with the witness it does not.
        const auto last = audit::list_segments(folder.path()).back().second;
        auto lines = lines_of(last);
        const std::string witnessed = lines.back();
        REQUIRE(witnessed.find("\"type\":\"checkpoint\"") != std::string::npos);
        lines.pop_back();
        while (lines.back().find("\"type\":\"consent\"") != std::string::npos && lines.size() > 2)
            lines.pop_back();
        write_lines(last, lines);
        CHECK(verify_problem(folder.path()).empty());
        CHECK_THAT(verify_problem(folder.path(), witnessed), Catch::Contains("cut off"));
    }
}

TEST_CASE("consent log: whole segments past the retention period go, under a signed purge") {
    TempDir folder;
    write_log(folder.path(), 23);  // records of 2026-11-18, in several 2 KB segments
    const auto before = audit::list_segments(folder.path());
    REQUIRE(before.size() >= 3);
    {
        auto purging = settings(folder.path(), 2048);
        purging.retention = std::chrono::days{1};  // all but the segment being written expire
        std::ostringstream report;
        audit::ChainedConsentLog log(purging, report);
        CHECK(append_and_wait(log, 24));
    }
    const auto after = audit::list_segments(folder.path());
    CHECK(after.size() == 1);  // only the segment being written remains
    CHECK(after.front().first >= before.back().first);
    const auto report = audit::verify_log(folder.path(), public_key());
    INFO(report.problem);
    REQUIRE(report.ok);
    CHECK(report.purged_through_seq > 0);
    CHECK(report.records == 24 - report.purged_through_seq);

    SECTION("without its purge record the removal shows") {
        fs::remove(folder.path() / audit::kPurgesFile);
        CHECK_THAT(verify_problem(folder.path()),
                   Catch::Contains("the segments before it are missing"));
    }
    SECTION("a purge signed with another key is refused") {
        TempDir other;
        const auto thief = crypto::Ed25519Key::generate(other / "k.pem", other / "k.pub");
        std::ofstream(folder.path() / audit::kPurgesFile, std::ios::app)
            << audit::purge_line(99, 999, std::string(64, 'e'), std::chrono::sys_seconds{}, thief)
            << "\n";
        CHECK_THAT(verify_problem(folder.path()),
                   Catch::Contains("purges.jsonl line") && Catch::Contains("forged"));
    }
}

TEST_CASE("consent log: records within the retention period are kept") {
    TempDir folder;
    write_log(folder.path(), 23);
    const auto before = audit::list_segments(folder.path()).size();
    auto keeping = settings(folder.path(), 2048);
    keeping.retention = std::chrono::days{3650};
    std::ostringstream report;
    { audit::ChainedConsentLog log(keeping, report); }
    CHECK(audit::list_segments(folder.path()).size() == before);
    CHECK_FALSE(fs::exists(folder.path() / audit::kPurgesFile));
}

TEST_CASE("consent log: segments also rotate by age") {
    TempDir folder;
    auto settings_now = settings(folder.path());
    settings_now.segment_age = std::chrono::hours{0};  // every group starts a new segment
    {
        std::ostringstream report;
        audit::ChainedConsentLog log(settings_now, report);
        for (int n = 1; n <= 3; ++n) REQUIRE(append_and_wait(log, n));
    }
    CHECK(audit::list_segments(folder.path()).size() == 4);
    const auto report = audit::verify_log(folder.path(), public_key());
    INFO(report.problem);
    CHECK(report.ok);
    CHECK(report.records == 3);
}
