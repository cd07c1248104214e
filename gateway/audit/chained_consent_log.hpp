// The consent log as the gateway writes it: hash-chained JSON lines in
// segment files, signed checkpoints, and group commit (GDPR Art. 7(1): the
// site must prove consent; issue "the consent log").
//
//   DIRECTORY/segment-000001.jsonl, segment-000002.jsonl, ...
//   DIRECTORY/quarantine-<time>.jsonl  a torn last line found at start, set aside
//   DIRECTORY/purges.jsonl             signed records of segments removed under retention
//
// One writer thread takes every action waiting, writes their lines with one
// write() and makes them durable with one fdatasync() (group commit), then
// answers them all: many concurrent consents cost one disk flush. A
// checkpoint is written every `checkpoint_every` records, after
// `checkpoint_seconds` when records wait uncovered, at each segment's end
// and at shutdown.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "audit/consent_log.hpp"
#include "crypto/ed25519.hpp"

namespace tact::audit {

struct ChainedLogSettings {
    std::filesystem::path directory;
    crypto::Ed25519Key signing_key;
    std::uint64_t checkpoint_every = 1000;
    std::chrono::seconds checkpoint_interval{60};
    std::uint64_t segment_bytes = std::uint64_t{64} << 20;
    std::chrono::hours segment_age{24};  // a new segment after this long, too
    // How long records are kept (the longest consent_log_retention_days of
    // the policies); none: for ever.
    std::optional<std::chrono::days> retention;
};

struct ConsentLogCounters {
    std::atomic<std::uint64_t> records{0};
    std::atomic<std::uint64_t> flushes{0};   // fdatasync calls: one per group
    std::atomic<std::uint64_t> failures{0};  // actions that could not be made durable
};

class ChainedConsentLog final : public ConsentLog {
  public:
    // Opens or creates the log; a torn last line is quarantined and said on
    // `report`. Throws std::runtime_error when the log cannot be used (a
    // damaged line before the end: run `tact audit verify`).
    ChainedConsentLog(ChainedLogSettings settings, std::ostream& report);
    ~ChainedConsentLog() override;  // writes a last checkpoint
    ChainedConsentLog(const ChainedConsentLog&) = delete;
    ChainedConsentLog& operator=(const ChainedConsentLog&) = delete;

    void append(const consent::ConsentRecord& record, const consent::ConsentAction& action,
                Done done) override;

    // The latest checkpoint's line, for /__tact/audit/checkpoint ("" before the first).
    std::string latest_checkpoint() const override;
    const ConsentLogCounters& counters() const { return counters_; }

  private:
    struct Pending {
        consent::ConsentRecord record;
        consent::ConsentAction action;
        Done done;
    };

    void recover(std::ostream& report);
    void open_segment(std::uint64_t index, bool create);
    void run();
    bool write_group(std::vector<Pending>& group);
    bool rotate();
    std::string checkpoint_text() const;
    void checkpoint_written(const std::string& text);
    bool write_checkpoint();
    void purge_expired();

    ChainedLogSettings settings_;
    ConsentLogCounters counters_;
    // The writer thread's own state.
    int fd_ = -1;
    std::uint64_t segment_index_ = 0;
    std::uint64_t segment_size_ = 0;
    std::chrono::sys_seconds segment_started_{};
    std::uint64_t seq_ = 0;  // of the last record written
    std::string head_;       // its hash
    std::uint64_t checkpointed_seq_ = 0;
    // When the oldest record no checkpoint covers yet was written (records
    // already on disk at start count from the start).
    std::chrono::steady_clock::time_point uncovered_since_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_purge_ = std::chrono::steady_clock::now();
    // Shared with the request threads.
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Pending> waiting_;
    bool stopping_ = false;
    std::string latest_checkpoint_;
    std::thread writer_;
};

}  // namespace tact::audit
