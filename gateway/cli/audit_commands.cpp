#include "cli/audit_commands.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "audit/log_segments.hpp"
#include "audit/log_verifier.hpp"
#include "audit/policy_archive.hpp"
#include "cli/usage.hpp"
#include "config/text_file.hpp"
#include "crypto/ed25519.hpp"
#include "policy/policy_loader.hpp"

namespace tact::cli {
namespace {

// Exit codes of `tact audit verify` (documented in --help and PRIVACY.md).
enum AuditExit : int {
    kVerified = 0,
    kTampered = 1,  // the log does not verify: the message says where and how
    kAuditUsage = 2,
    kUnreadable = 3,  // a file could not be read (the key, the folder)
};

constexpr std::string_view kAuditHelp = R"(tact audit - the consent log, for auditors and operators

Usage:
  tact audit verify DIR --public-key FILE [--checkpoint FILE]
      check every link of the hash chain, every checkpoint's signature and the
      continuity of the segments; FILE of --checkpoint: a checkpoint line you
      witnessed earlier from /__tact/audit/checkpoint (proves nothing was cut off
      after it)
  tact audit export --receipt ID DIR [--policies DIR]
      the whole history of one receipt, as JSON, with the texts of the policy
      versions it refers to (kept by the gateway in DIR/policies/, or from
      --policies where their hash matches)
  tact audit stats DIR
      actions per day, jurisdiction and method; acceptance and refusal rates

Exit codes of verify:
  0  the log verifies
  1  it does not: the first bad record, its segment and line, and what is wrong
  2  usage error
  3  a file could not be read
)";

int usage(const std::string& message) {
    return cli::usage_error("audit", message);
}

std::optional<std::string> option(const std::vector<std::string_view>& args,
                                  std::string_view name) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) return std::string(args[i + 1]);
    return std::nullopt;
}

// The one argument that is neither an option nor an option's value.
std::optional<std::string> positional(const std::vector<std::string_view>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].starts_with("--")) {
            ++i;
            continue;
        }
        return std::string(args[i]);
    }
    return std::nullopt;
}

std::string read_file(const std::filesystem::path& path) {
    return config::read_text_file(path).value_or("");
}

// Every consent record of the log, parsed (export and stats are not on the
// hot path; verify does not parse records this way).
template <class Visit>
void for_each_record(const std::filesystem::path& directory, Visit visit) {
    for (const auto& [index, path] : audit::list_segments(directory)) {
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) {
            if (line.find("\"type\":\"consent\"") == std::string::npos) continue;
            const auto record = nlohmann::json::parse(line, nullptr, false);
            if (!record.is_discarded()) visit(record);
        }
    }
}

int verify(const std::vector<std::string_view>& args) {
    const auto directory = positional(args);
    const auto key_file = option(args, "--public-key");
    if (!directory || !key_file) return usage("verify needs DIR and --public-key FILE");
    if (!std::filesystem::is_directory(*directory)) {
        std::cerr << "tact audit: " << *directory << ": not a folder\n";
        return kUnreadable;
    }
    std::optional<std::string> witness;
    if (const auto file = option(args, "--checkpoint")) {
        witness = read_file(*file);
        while (!witness->empty() && (witness->back() == '\n' || witness->back() == '\r'))
            witness->pop_back();
    }
    try {
        const auto key = crypto::Ed25519Key::load_public(*key_file);
        const auto report = audit::verify_log(*directory, key, witness);
        if (!report.ok) {
            std::cout << "FAILED: " << report.problem << "\n";
            return kTampered;
        }
        std::cout << "OK: " << report.records << " records in " << report.segments
                  << " segment(s), " << report.checkpoints << " signed checkpoint(s)";
        if (report.records)
            std::cout << ", from " << report.first_time << " to " << report.last_time;
        std::cout << ".\n";
        if (report.purged_through_seq)
            std::cout << "Records up to seq " << report.purged_through_seq
                      << " were removed under the retention period (signed purge of "
                      << report.purged_at << ").\n";
        if (report.uncovered)
            std::cout << "Note: the last " << report.uncovered
                      << " record(s) are not yet covered by a signed checkpoint: their removal "
                         "would not show (the gateway signs one within checkpoint_seconds).\n";
        return kVerified;
    } catch (const std::runtime_error& e) {
        std::cerr << "tact audit: " << e.what() << "\n";
        return kUnreadable;
    }
}

int export_receipt(const std::vector<std::string_view>& args) {
    const auto receipt = option(args, "--receipt");
    std::vector<std::string_view> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--receipt" || args[i] == "--policies") {
            ++i;
            continue;
        }
        rest.push_back(args[i]);
    }
    const auto directory = positional(rest);
    if (!receipt || !directory) return usage("export needs --receipt ID and DIR");
    nlohmann::json history = nlohmann::json::array();
    std::map<std::string, std::string> policies_named;  // hash -> id
    for_each_record(*directory, [&](const nlohmann::json& record) {
        if (record.value("receipt", "") != *receipt) return;
        history.push_back(record);
        policies_named[record.value("policy_hash", "")] = record.value("policy", "");
    });
    nlohmann::json texts = nlohmann::json::object();
    const auto policies_dir = option(args, "--policies");
    for (const auto& [hash, id] : policies_named) {
        nlohmann::json entry = {{"policy", id}, {"text", nullptr}};
        if (const auto archived = audit::archived_policy(*directory, hash))
            entry["text"] = nlohmann::json::parse(*archived, nullptr, false);
        if (entry["text"].is_null() && policies_dir) {
            try {
                const auto set = policy::load_policy_set(*policies_dir);
                const auto* policy = set.find(id);
                if (policy && policy->hash == hash)
                    entry["text"] = nlohmann::json::parse(
                        read_file(std::filesystem::path(*policies_dir) / (id + ".json")));
            } catch (const std::exception&) {
            }
        }
        if (entry["text"].is_null())
            entry["missing"] =
                "this policy version is not in the log's policies/ folder; give --policies DIR "
                "with the version in force then (e.g. from version control)";
        texts[hash] = entry;
    }
    std::cout << nlohmann::json{{"receipt", *receipt}, {"history", history}, {"policies", texts}}
                     .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
    return history.empty() ? kTampered : kVerified;
}

int stats(const std::vector<std::string_view>& args) {
    const auto directory = positional(args);
    if (!directory) return usage("stats needs DIR");
    std::map<std::string, std::map<std::string, std::uint64_t>> by;  // dimension -> value -> n
    std::uint64_t gives = 0, accepted_all = 0, refused_all = 0, withdrawals = 0;
    for_each_record(*directory, [&](const nlohmann::json& record) {
        const auto action = record.value("action", "");
        by["day"][record.value("time", "").substr(0, 10)]++;
        by["jurisdiction"][record.value("jurisdiction", "")]++;
        by["method"][record.value("method", "")]++;
        by["action"][action]++;
        if (action == "withdrawn") {
            ++withdrawals;
            return;
        }
        ++gives;
        bool all_granted = true, all_refused = true;
        const auto purposes =
            record.value("purposes", nlohmann::json::object());  // items() views it
        for (const auto& [id, state] : purposes.items()) {
            if (id == "necessary") continue;
            all_granted = all_granted && state == "granted";
            all_refused = all_refused && state == "refused";
        }
        accepted_all += all_granted;
        refused_all += all_refused;
    });
    const auto share = [&](std::uint64_t n) { return gives ? 100.0 * n / gives : 0.0; };
    nlohmann::json out = by;
    out["choices"] = gives;
    out["withdrawals"] = withdrawals;
    out["accepted_everything_percent"] = share(accepted_all);
    out["refused_everything_percent"] = share(refused_all);
    out["partial_percent"] = share(gives - accepted_all - refused_all);
    std::cout << out.dump(2) << "\n";
    return kVerified;
}

}  // namespace

int audit_command(const std::vector<std::string_view>& args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        std::cout << kAuditHelp;
        return args.empty() ? kAuditUsage : kVerified;
    }
    const std::vector<std::string_view> rest(args.begin() + 1, args.end());
    if (args.front() == "verify") return verify(rest);
    if (args.front() == "export") return export_receipt(rest);
    if (args.front() == "stats") return stats(rest);
    return usage("unknown audit command '" + std::string(args.front()) + "'");
}

}  // namespace tact::cli
