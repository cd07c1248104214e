#include "audit/log_verifier.hpp"

#include <optional>
#include <sstream>

#include "audit/log_line.hpp"
#include "audit/log_segments.hpp"
#include "config/text_file.hpp"

namespace tact::audit {
namespace {

struct Chain {
    std::uint64_t seq = 0;
    std::string head{kGenesis};
    std::uint64_t covered = 0;  // seq of the last signed checkpoint
};

// A witnessed checkpoint: the head it names must be the chain's at its seq.
struct Witness {
    std::uint64_t seq = 0;
    std::string head;
    bool seen = false;
};

class Verifier {
  public:
    Verifier(const crypto::Ed25519Key& key, std::optional<Witness> witness)
        : key_(key), witness_(std::move(witness)) {}

    VerifyReport run(const std::filesystem::path& directory) {
        auto segments = list_segments(directory);
        const auto first = purged(directory);
        if (!first) return report_;
        // Segments a purge covers but a crash left behind are skipped.
        std::erase_if(segments, [&](const auto& segment) { return segment.first < *first; });
        if (segments.empty())
            return fail(directory.string() + ": no segment files (segment-*.jsonl)");
        std::uint64_t expected_index = segments.front().first;
        if (expected_index != *first)
            return fail(segments.front().second.filename().string() +
                        ": the log starts at segment " + std::to_string(expected_index) +
                        (*first == 1
                             ? std::string()
                             : " after a purge through segment " + std::to_string(*first - 1)) +
                        ": the segments before it are missing");
        for (const auto& [index, path] : segments) {
            if (index != expected_index)
                return fail(path.filename().string() + ": segment " +
                            std::to_string(expected_index) + " is missing before it");
            ++expected_index;
            ++report_.segments;
            if (!segment(path, &path == &segments.back().second)) return report_;
        }
        if (witness_ && !witness_->seen)
            return fail("the witnessed checkpoint names seq " + std::to_string(witness_->seq) +
                        ", but the log ends at seq " + std::to_string(chain_.seq) +
                        ": records were cut off after the last checkpoint");
        report_.uncovered = chain_.seq - chain_.covered;
        report_.ok = true;
        return report_;
    }

  private:
    // The latest signed purge (purges.jsonl): the chain starts where it
    // says. Returns the first segment expected, or nullopt on a bad purge.
    std::optional<std::uint64_t> purged(const std::filesystem::path& directory) {
        const auto file = directory / kPurgesFile;
        if (!std::filesystem::exists(file)) return 1;
        std::istringstream lines(config::read_text_file(file).value_or(""));
        std::uint64_t first = 1, number = 0;
        for (std::string line; std::getline(lines, line);) {
            ++number;
            const auto facts = read_line(line);
            if (!facts || facts->type != LineType::purge || !checkpoint_signed_by(line, key_)) {
                fail(std::string(kPurgesFile) + " line " + std::to_string(number) +
                     ": not a purge signed with this public key: forged or edited");
                return std::nullopt;
            }
            if (facts->index + 1 <= first) continue;
            first = facts->index + 1;
            chain_.seq = chain_.covered = facts->seq;
            chain_.head = std::string(facts->prev);
            report_.purged_through_seq = facts->seq;
            report_.purged_at = std::string(facts->time);
        }
        return first;
    }

    VerifyReport fail(std::string problem) {
        report_.ok = false;
        report_.problem = std::move(problem);
        return report_;
    }

    bool segment(const std::filesystem::path& path, bool last) {
        const std::string content = config::read_text_file(path).value_or("");
        const std::string name = path.filename().string();
        std::size_t at = 0, line = 0;
        while (at < content.size()) {
            auto newline = content.find('\n', at);
            ++line;
            if (newline == std::string::npos) {
                fail(name + " line " + std::to_string(line) +
                     ": the last line is incomplete (truncated mid-line" +
                     (last ? "; a gateway that restarts sets it aside" : "") + ")");
                return false;
            }
            segment_name_ = name;
            line_ = line;
            rest_ = std::string_view(content).substr(newline + 1);
            if (!check(std::string_view(content).substr(at, newline - at), line)) return false;
            at = newline + 1;
        }
        if (line == 0) {
            fail(name + ": empty: its segment header is missing");
            return false;
        }
        return true;
    }

    // Where the line being checked is; built only for a failure's message.
    std::string where() const { return segment_name_ + " line " + std::to_string(line_); }

    bool check(std::string_view text, std::size_t line) {
        const auto facts = read_line(text);
        if (!facts) {
            fail(where() + ": not a line of a consent log (malformed, or edited by hand)");
            return false;
        }
        if (line == 1 || facts->type == LineType::segment) {
            if (line != 1 || facts->type != LineType::segment) {
                fail(where() + (line == 1 ? ": the segment header is missing"
                                          : ": a segment header in the middle of a segment"));
                return false;
            }
            if (facts->prev != chain_.head || facts->seq != chain_.seq + 1) {
                fail(where() + ": the segment does not continue the previous one (it names head " +
                     std::string(facts->prev.substr(0, 12)) + "... and seq " +
                     std::to_string(facts->seq) + ", the chain is at " + chain_.head.substr(0, 12) +
                     "... and seq " + std::to_string(chain_.seq + 1) +
                     "): segments were replaced, reordered or removed");
                return false;
            }
            return true;
        }
        if (facts->type == LineType::checkpoint) return checkpoint(text, *facts);
        return record(*facts);
    }

    bool record(const LineFacts& facts) {
        const auto at_seq = [&] { return where() + " (seq " + std::to_string(facts.seq) + ")"; };
        if (!facts.hash_matches) {
            fail(at_seq() + ": the record's content does not match its hash: it was edited");
            return false;
        }
        if (facts.seq <= chain_.seq) {
            fail(at_seq() + (facts.seq == chain_.seq
                                 ? ": a second record with this seq: one was inserted"
                                 : ": comes after seq " + std::to_string(chain_.seq) +
                                       ": records were reordered"));
            return false;
        }
        if (facts.seq > chain_.seq + 1 && rest_.find("\"seq\":" + std::to_string(chain_.seq + 1) +
                                                     ",") != std::string_view::npos) {
            fail(at_seq() + ": comes before seq " + std::to_string(chain_.seq + 1) +
                 ", which follows later: records were reordered");
            return false;
        }
        if (facts.seq > chain_.seq + 1) {
            fail(at_seq() + ": follows seq " + std::to_string(chain_.seq) + ": " +
                 (facts.seq == chain_.seq + 2
                      ? "record " + std::to_string(chain_.seq + 1) + " was"
                      : "records " + std::to_string(chain_.seq + 1) + " to " +
                            std::to_string(facts.seq - 1) + " were") +
                 " deleted");
            return false;
        }
        if (facts.prev != chain_.head) {
            fail(at_seq() +
                 ": does not link to the record before it (its prev is not that record's "
                 "hash): a record was inserted or replaced here");
            return false;
        }
        chain_.seq = facts.seq;
        chain_.head = std::string(facts.hash);
        if (report_.first_time.empty()) report_.first_time = std::string(facts.time);
        report_.last_time = std::string(facts.time);
        ++report_.records;
        if (witness_ && witness_->seq == chain_.seq) {
            witness_->seen = true;
            if (witness_->head != chain_.head) {
                fail(at_seq() +
                     ": the witnessed checkpoint's head for this seq differs: the log was "
                     "rewritten after that checkpoint was published");
                return false;
            }
        }
        return true;
    }

    bool checkpoint(std::string_view text, const LineFacts& facts) {
        if (!checkpoint_signed_by(text, key_)) {
            fail(where() +
                 ": the checkpoint's signature does not verify with this public key: "
                 "forged, or signed with another key");
            return false;
        }
        if (facts.seq != chain_.seq || facts.prev != chain_.head) {
            fail(where() + ": the signed checkpoint for seq " + std::to_string(facts.seq) +
                 " does not match the chain (at seq " + std::to_string(chain_.seq) +
                 "): records it covers were changed, removed or added");
            return false;
        }
        chain_.covered = facts.seq;
        ++report_.checkpoints;
        return true;
    }

    const crypto::Ed25519Key& key_;
    std::optional<Witness> witness_;
    Chain chain_;
    VerifyReport report_;
    std::string_view rest_;  // of the segment, after the line being checked
    std::string segment_name_;
    std::size_t line_ = 0;
};

}  // namespace

VerifyReport verify_log(const std::filesystem::path& directory, const crypto::Ed25519Key& key,
                        const std::optional<std::string>& witness) {
    std::optional<Witness> witnessed;
    if (witness) {
        const auto facts = read_line(*witness);
        if (!facts || facts->type != LineType::checkpoint || !checkpoint_signed_by(*witness, key)) {
            VerifyReport report;
            report.problem =
                "the witnessed checkpoint is not a checkpoint line signed with this public key";
            return report;
        }
        witnessed = Witness{facts->seq, std::string(facts->prev), false};
        if (facts->seq == 0) witnessed->seen = true;
    }
    return Verifier(key, std::move(witnessed)).run(directory);
}

}  // namespace tact::audit
