// The lines of the consent log, one JSON object each:
//
//   {"type":"segment", "index":I, "previous_head":H, "next_seq":N, "time":T}
//       the first line of every segment file: where the chain stood before it
//   {"type":"consent", "seq":N, ..., "prev":H, "hash":H}
//       a consent action, one link of the hash chain
//   {"type":"checkpoint", "seq":N, "head":H, "time":T, "key_id":K, "signature":S}
//       the chain's head after record N, signed with Ed25519 (hex)
//   {"type":"purge", "index":I, "seq":N, "head":H, "time":T, "key_id":K, "signature":S}
//       in purges.jsonl: segments up to I (records up to N, head H) were
//       removed under the retention period; signed like a checkpoint
//
// A record's hash is the SHA-256 of its own line without the final
// `,"hash":"..."` member (the canonical JSON of everything else: sorted keys,
// no spaces), and it names the previous record's hash in "prev", so editing,
// removing, inserting or reordering any record breaks a link. A signed
// checkpoint pins the head, so rewriting the whole chain is caught too.
// (Certificate Transparency and CloudTrail log-file integrity work alike.)
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "consent/consent_action.hpp"
#include "consent/consent_cookie.hpp"
#include "crypto/ed25519.hpp"

namespace tact::audit {

// The "prev" of the first record of a log.
inline constexpr std::string_view kGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string format_time(std::chrono::sys_seconds time);
std::optional<std::chrono::sys_seconds> parse_time(std::string_view text);

// The file beside the segments that lists the signed purges.
inline constexpr std::string_view kPurgesFile = "purges.jsonl";

// A consent record's line (no newline), with its hash; `hash` receives it.
std::string consent_line(std::uint64_t seq, std::string_view prev,
                         const consent::ConsentRecord& record, const consent::ConsentAction& action,
                         std::string& hash);

std::string segment_line(std::uint64_t index, std::string_view previous_head,
                         std::uint64_t next_seq, std::chrono::sys_seconds time);

std::string checkpoint_line(std::uint64_t seq, std::string_view head, std::chrono::sys_seconds time,
                            const crypto::Ed25519Key& key);

std::string purge_line(std::uint64_t through_segment, std::uint64_t through_seq, std::string_view head,
                       std::chrono::sys_seconds time, const crypto::Ed25519Key& key);

enum class LineType { consent, checkpoint, segment, purge, unknown };

// What verification needs of a line, read without a full JSON parse (the
// log is verified at a million records in a few seconds).
struct LineFacts {
    LineType type = LineType::unknown;
    std::uint64_t seq = 0;      // consent, checkpoint: its seq; segment: next_seq
    std::string_view prev;      // consent: "prev"; segment: "previous_head"; checkpoint: "head"
    std::string_view hash;      // consent: the hash the line claims
    bool hash_matches = false;  // consent: the claimed hash is the line's own
    std::uint64_t index = 0;    // segment; purge: the last segment removed
    std::string_view time;      // checkpoint, segment, consent: "time"
};

// nullopt: not a line of this log (not JSON of one of the three shapes).
std::optional<LineFacts> read_line(std::string_view line);

// Whether a checkpoint's (or a purge's) signature verifies under `key`.
bool checkpoint_signed_by(std::string_view line, const crypto::Ed25519Key& key);

}  // namespace tact::audit
