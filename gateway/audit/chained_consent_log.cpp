#include "audit/chained_consent_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "audit/log_line.hpp"
#include "audit/log_segments.hpp"
#include "config/text_file.hpp"

namespace tact::audit {
namespace {

std::chrono::sys_seconds now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

// A new file's name is durable only once its folder is synced.
void sync_directory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

// Every byte, through as many write calls as the kernel needs.
bool write_fully(int fd, std::string_view bytes) {
    std::size_t written = 0;
    while (written < bytes.size()) {
        const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) return false;
        written += static_cast<std::size_t>(n);
    }
    return true;
}

// Bytes set aside from a segment: created as private (0600) as the segments,
// never readable by others even for a moment, and never over another file.
void write_quarantine(const std::filesystem::path& path, std::string_view bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    const bool written = fd >= 0 && write_fully(fd, bytes);
    if (fd >= 0) ::close(fd);
    if (!written) {
        throw std::runtime_error(path.string() +
                                 ": cannot set aside the consent log's incomplete last line. "
                                 "Fix: make the consent log folder writable by the gateway and "
                                 "free some space, then start again.");
    }
}

}  // namespace

ChainedConsentLog::ChainedConsentLog(ChainedLogSettings settings, std::ostream& report)
    : settings_(std::move(settings)), head_(kGenesis) {
    std::error_code ec;
    std::filesystem::create_directories(settings_.directory, ec);
    if (!std::filesystem::is_directory(settings_.directory))
        throw std::runtime_error(settings_.directory.string() +
                                 ": cannot create the consent log's folder. Fix: create it, "
                                 "writable by the gateway, or change \"consent.log.directory\".");
    recover(report);
    purge_expired();
    writer_ = std::thread([this] { run(); });
}

ChainedConsentLog::~ChainedConsentLog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
}

// The last segment is read back: the chain goes on from its last good
// record. A torn last line (a crash while writing it; never acknowledged)
// is moved to a quarantine file; damage anywhere else stops the start.
void ChainedConsentLog::recover(std::ostream& report) {
    auto files = list_segments(settings_.directory);
    while (!files.empty()) {
        const auto& [index, path] = files.back();
        const std::string content = config::read_text_file(path).value_or("");
        std::size_t good = 0, at = 0, line_number = 0;
        bool broken = false;
        std::uint64_t seq = 0, covered = 0;
        std::string head;
        while (at < content.size()) {
            const auto newline = content.find('\n', at);
            if (newline == std::string::npos) break;  // a torn last line
            ++line_number;
            const auto facts = read_line(std::string_view(content).substr(at, newline - at));
            bool fits = facts.has_value();
            if (fits && line_number == 1) {
                fits = facts->type == LineType::segment;
                if (fits) {
                    seq = covered = facts->seq - 1;  // the last segment ended covered
                    head = facts->prev;
                    segment_started_ = parse_time(facts->time).value_or(now_seconds());
                }
            } else if (fits && facts->type == LineType::consent) {
                fits = facts->hash_matches && facts->prev == head && facts->seq == seq + 1;
                if (fits) {
                    seq = facts->seq;
                    head = facts->hash;
                }
            } else if (fits) {
                fits = facts->type == LineType::checkpoint && facts->seq <= seq;
                if (fits) covered = facts->seq;
            }
            if (!fits) {
                broken = true;
                break;
            }
            at = newline + 1;
            good = at;
        }
        if (broken && content.find('\n', at) != std::string::npos &&
            content.find('\n', at) + 1 < content.size())
            throw std::runtime_error(path.string() + " line " + std::to_string(line_number) +
                                     ": the consent log is damaged before its end. Fix: run "
                                     "`tact audit verify " +
                                     settings_.directory.string() +
                                     " --public-key FILE` to see what happened; move the "
                                     "folder aside to start a new log.");
        if (good < content.size()) {
            const auto quarantine =
                settings_.directory /
                ("quarantine-" + std::to_string(now_seconds().time_since_epoch().count()) + "-" +
                 std::to_string(index) + ".jsonl");
            write_quarantine(quarantine, std::string_view(content).substr(good));
            std::filesystem::resize_file(path, good);
            report << "tact: consent log: an incomplete last line (" << content.size() - good
                   << " bytes, never acknowledged) of " << path.filename().string()
                   << " was set aside in " << quarantine.filename().string()
                   << "; the chain goes on from seq " << seq << "\n";
        }
        if (good == 0) {  // not even a segment header: as if the file never was
            std::filesystem::remove(path);
            files.pop_back();
            continue;
        }
        seq_ = seq;
        checkpointed_seq_ = covered;
        head_ = head;
        segment_size_ = good;
        open_segment(index, false);
        return;
    }
    open_segment(1, true);
}

void ChainedConsentLog::open_segment(std::uint64_t index, bool create) {
    if (fd_ >= 0) ::close(fd_);
    const auto path = settings_.directory / segment_file_name(index);
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw std::runtime_error(path.string() +
                                 ": cannot open for appending. Fix: make the consent log's "
                                 "folder writable by the gateway.");
    segment_index_ = index;
    if (!create) return;
    segment_started_ = now_seconds();
    const auto header = segment_line(index, head_, seq_ + 1, segment_started_) + "\n";
    if (!write_fully(fd_, header) || ::fdatasync(fd_) != 0)
        throw std::runtime_error(path.string() + ": cannot write (disk full?)");
    sync_directory(settings_.directory);
    segment_size_ = header.size();
}

void ChainedConsentLog::append(const consent::ConsentRecord& record,
                               const consent::ConsentAction& action, Done done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            waiting_.push_back({record, action, std::move(done)});
            wake_.notify_one();
            return;
        }
    }
    done(false);
}

std::string ChainedConsentLog::latest_checkpoint() const {
    std::lock_guard lock(mutex_);
    return latest_checkpoint_;
}

void ChainedConsentLog::run() {
    using Clock = std::chrono::steady_clock;
    std::unique_lock lock(mutex_);
    for (;;) {
        // Awake for new records, and when the oldest record no checkpoint
        // covers has waited its interval (or, with all covered, an interval on).
        const auto checkpoint_due = (seq_ > checkpointed_seq_ ? uncovered_since_ : Clock::now()) +
                                    settings_.checkpoint_interval;
        wake_.wait_until(lock, checkpoint_due, [&] { return stopping_ || !waiting_.empty(); });
        std::vector<Pending> group;
        group.swap(waiting_);
        const bool stop = stopping_;
        lock.unlock();
        const auto now = Clock::now();
        if (!group.empty()) {
            const bool was_covered = seq_ == checkpointed_seq_;
            const bool durable = write_group(group);
            if (was_covered && seq_ > checkpointed_seq_) uncovered_since_ = now;
            for (auto& pending : group) pending.done(durable);
        } else if (now - last_purge_ >= std::chrono::hours(1)) {
            // Only while nobody waits: it reads the oldest segment whole. A busy
            // log is purged at each segment's rotation too.
            purge_expired();
        }
        // On its own clock, however busy the log: a steady trickle of choices
        // must not put the checkpoint off.
        if (seq_ > checkpointed_seq_ &&
            Clock::now() - uncovered_since_ >= settings_.checkpoint_interval)
            write_checkpoint();
        lock.lock();
        if (stop && waiting_.empty()) break;
    }
    lock.unlock();
    if (seq_ > checkpointed_seq_) write_checkpoint();
    ::close(fd_);
}

// A checkpoint of the current head, with its newline.
std::string ChainedConsentLog::checkpoint_text() const {
    return checkpoint_line(seq_, head_, now_seconds(), settings_.signing_key) + "\n";
}

// Once a checkpoint is on disk: it covers the chain up to here.
void ChainedConsentLog::checkpoint_written(const std::string& text) {
    checkpointed_seq_ = seq_;
    segment_size_ += text.size();
    std::lock_guard lock(mutex_);
    latest_checkpoint_ = text.substr(0, text.size() - 1);
}

bool ChainedConsentLog::write_checkpoint() {
    const auto text = checkpoint_text();
    if (!write_fully(fd_, text) || ::fdatasync(fd_) != 0) {
        (void)::ftruncate(fd_, static_cast<off_t>(segment_size_));
        return false;
    }
    checkpoint_written(text);
    return true;
}

bool ChainedConsentLog::write_group(std::vector<Pending>& group) {
    const bool due = segment_size_ >= settings_.segment_bytes ||
                     now_seconds() - segment_started_ >= settings_.segment_age;
    if (due && !rotate()) {
        counters_.failures += group.size();
        return false;
    }
    const auto saved_seq = seq_;
    const auto saved_head = head_;
    std::string bytes;
    for (const auto& pending : group) {
        std::string hash;
        bytes += consent_line(seq_ + 1, head_, pending.record, pending.action, hash);
        bytes += '\n';
        ++seq_;
        head_ = std::move(hash);
    }
    std::string covering;
    if (seq_ - checkpointed_seq_ >= settings_.checkpoint_every) covering = checkpoint_text();
    if (!write_fully(fd_, bytes + covering) || ::fdatasync(fd_) != 0) {
        // Nothing of the group counts: cut the file back to where it was.
        (void)::ftruncate(fd_, static_cast<off_t>(segment_size_));
        seq_ = saved_seq;
        head_ = saved_head;
        counters_.failures += group.size();
        return false;
    }
    segment_size_ += bytes.size();
    if (!covering.empty()) checkpoint_written(covering);
    counters_.records += group.size();
    counters_.flushes += 1;
    return true;
}

// Each segment ends covered by a checkpoint; the next one names its head.
bool ChainedConsentLog::rotate() {
    if (seq_ > checkpointed_seq_ && !write_checkpoint()) return false;
    try {
        open_segment(segment_index_ + 1, true);
    } catch (const std::runtime_error&) {
        return false;
    }
    purge_expired();
    return true;
}

namespace {

// The time of the newest consent record in a segment file, if it has any.
std::optional<std::chrono::sys_seconds> newest_record_time(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::optional<std::chrono::sys_seconds> newest;
    for (std::string line; std::getline(in, line);) {
        if (line.find("\"type\":\"consent\"") == std::string::npos) continue;
        if (const auto facts = read_line(line)) newest = parse_time(facts->time);
    }
    return newest;
}

std::optional<LineFacts> header_of(const std::filesystem::path& file, std::string& keep) {
    std::ifstream in(file);
    if (!std::getline(in, keep)) return std::nullopt;
    auto facts = read_line(keep);
    if (!facts || facts->type != LineType::segment) return std::nullopt;
    return facts;
}

}  // namespace

// Whole segments whose newest record is older than the retention period go,
// oldest first, never the one being written. A signed purge line is made
// durable first, naming the last segment removed and the chain's head after
// it, so verification still holds from there; a crash between the two
// leaves segments the purge already covers, which verification skips.
void ChainedConsentLog::purge_expired() {
    last_purge_ = std::chrono::steady_clock::now();
    if (!settings_.retention) return;
    const auto cutoff = now_seconds() - *settings_.retention;
    const auto files = list_segments(settings_.directory);
    std::optional<std::uint64_t> through_segment;
    std::uint64_t through_seq = 0;
    std::string head, header;
    for (std::size_t i = 0; i + 1 < files.size() && files[i].first < segment_index_; ++i) {
        const auto newest = newest_record_time(files[i].second);
        if (newest && *newest >= cutoff) break;
        const auto next = header_of(files[i + 1].second, header);  // the chain after segment i
        if (!next) break;
        through_segment = files[i].first;
        through_seq = next->seq - 1;
        head = std::string(next->prev);
    }
    if (!through_segment) return;
    const auto line =
        purge_line(*through_segment, through_seq, head, now_seconds(), settings_.signing_key) +
        "\n";
    const auto purges = settings_.directory / kPurgesFile;
    const int fd = ::open(purges.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return;
    const bool durable =
        ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
        ::fdatasync(fd) == 0;
    ::close(fd);
    if (!durable) return;  // keep everything rather than remove what no purge records
    for (const auto& [index, path] : files)
        if (index <= *through_segment) std::filesystem::remove(path);
    sync_directory(settings_.directory);
}

}  // namespace tact::audit
