// Verification of a consent log by someone who does not trust the gateway
// (`tact audit verify`): every link of the chain, every checkpoint's
// Ed25519 signature under the auditor's copy of the public key, and the
// continuity of the segments.
//
// What it cannot prove: that records written after the last checkpoint
// were not cut off, unless the auditor holds a later checkpoint (witnessed
// from /__tact/audit/checkpoint) and passes it as `witness`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "crypto/ed25519.hpp"

namespace tact::audit {

struct VerifyReport {
    bool ok = false;
    std::uint64_t records = 0, checkpoints = 0, segments = 0;
    std::string first_time, last_time;  // of the records
    std::uint64_t uncovered = 0;        // records after the last signed checkpoint
    std::uint64_t purged_through_seq = 0;  // records up to it were removed under retention
    std::string purged_at;                 // when, by the latest signed purge
    std::string problem;                // when not ok: where, and what is wrong
};

VerifyReport verify_log(const std::filesystem::path& directory, const crypto::Ed25519Key& key,
                        const std::optional<std::string>& witness = std::nullopt);

}  // namespace tact::audit
