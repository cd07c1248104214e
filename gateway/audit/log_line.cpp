#include "audit/log_line.hpp"

#include <date/date.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "crypto/sha256.hpp"

namespace tact::audit {
namespace {

constexpr std::string_view kHashMember = ",\"hash\":\"";
constexpr std::string_view kSignatureMember = ",\"signature\":\"";

std::string dump(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// `{...,"name":"value"}` -> the body without that last member, closed again.
std::string without_last_member(std::string_view line, std::size_t member_at) {
    std::string body(line.substr(0, member_at));
    body += '}';
    return body;
}

// The value of a top-level member (a string's contents without its quotes,
// or a number's text), found in one pass that skips strings and nested
// objects, so a purpose named "seq" inside "purposes" is never taken for it.
std::optional<std::string_view> member(std::string_view line, std::string_view name) {
    int depth = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == '"') {
            const std::size_t start = i + 1;
            for (++i; i < line.size() && line[i] != '"'; ++i)
                if (line[i] == '\\') ++i;
            if (i >= line.size()) return std::nullopt;
            const auto text = line.substr(start, i - start);
            const bool is_key = depth == 1 && i + 1 < line.size() && line[i + 1] == ':' &&
                                start >= 2 && (line[start - 2] == '{' || line[start - 2] == ',');
            if (!is_key || text != name) continue;
            auto value = line.substr(i + 2);
            if (value.starts_with('"')) {
                const auto close = value.find('"', 1);  // hashes, times, ids: no escapes
                if (close == std::string_view::npos) return std::nullopt;
                return value.substr(1, close - 1);
            }
            const auto close = value.find_first_of(",}");
            if (close == std::string_view::npos) return std::nullopt;
            return value.substr(0, close);
        }
    }
    return std::nullopt;
}

bool number(std::optional<std::string_view> text, std::uint64_t& out) {
    if (!text || text->empty()) return false;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
    return ec == std::errc() && end == text->data() + text->size();
}

bool is_hash(std::string_view text) {
    return text.size() == 64 &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::string format_time(std::chrono::sys_seconds time) {
    return date::format("%FT%TZ", time);
}

std::string consent_line(std::uint64_t seq, std::string_view prev,
                         const consent::ConsentRecord& record, const consent::ConsentAction& action,
                         std::string& hash) {
    nlohmann::json purposes = nlohmann::json::object();
    for (const auto& [id, choice] : record.purposes)
        purposes[id] = choice == consent::Choice::granted ? "granted" : "refused";
    const nlohmann::json body{{"type", "consent"},
                              {"seq", seq},
                              {"prev", prev},
                              {"time", format_time(record.decided_at)},
                              {"receipt", record.receipt_id},
                              {"action", action.name},
                              {"method", record.method},
                              {"jurisdiction", action.jurisdiction},
                              {"language", action.language},
                              {"ui_version", action.ui_version},
                              {"policy", record.policy_id},
                              {"policy_hash", record.policy_hash},
                              {"purposes_hash", record.purposes_hash},
                              {"purposes", purposes}};
    std::string line = dump(body);
    hash = crypto::sha256_hex(line);
    line.pop_back();  // the closing brace
    line += kHashMember;
    line += hash;
    line += "\"}";
    return line;
}

std::string segment_line(std::uint64_t index, std::string_view previous_head,
                         std::uint64_t next_seq, std::chrono::sys_seconds time) {
    return dump({{"type", "segment"},
                 {"index", index},
                 {"previous_head", previous_head},
                 {"next_seq", next_seq},
                 {"time", format_time(time)}});
}

std::string checkpoint_line(std::uint64_t seq, std::string_view head, std::chrono::sys_seconds time,
                            const crypto::Ed25519Key& key) {
    std::string line = dump({{"type", "checkpoint"},
                             {"seq", seq},
                             {"head", head},
                             {"time", format_time(time)},
                             {"key_id", key.key_id()}});
    const auto signature = crypto::to_hex(key.sign(line));
    line.pop_back();
    line += kSignatureMember;
    line += signature;
    line += "\"}";
    return line;
}

std::optional<LineFacts> read_line(std::string_view line) {
    if (!line.starts_with('{') || !line.ends_with('}')) return std::nullopt;
    const auto type = member(line, "type");
    if (!type) return std::nullopt;
    LineFacts facts;
    facts.time = member(line, "time").value_or("");
    if (*type == "consent") {
        facts.type = LineType::consent;
        const auto at = line.rfind(kHashMember);
        if (at == std::string_view::npos || !line.ends_with("\"}")) return std::nullopt;
        facts.hash =
            line.substr(at + kHashMember.size(), line.size() - 2 - at - kHashMember.size());
        const auto prev = member(line, "prev");
        if (!is_hash(facts.hash) || !prev || !is_hash(*prev) ||
            !number(member(line, "seq"), facts.seq))
            return std::nullopt;
        facts.prev = *prev;
        facts.hash_matches = crypto::sha256_hex(without_last_member(line, at)) == facts.hash;
        return facts;
    }
    if (*type == "checkpoint") {
        facts.type = LineType::checkpoint;
        const auto head = member(line, "head");
        if (!head || !is_hash(*head) || !number(member(line, "seq"), facts.seq))
            return std::nullopt;
        facts.prev = *head;
        return facts;
    }
    if (*type == "segment") {
        facts.type = LineType::segment;
        const auto previous = member(line, "previous_head");
        if (!previous || !is_hash(*previous) || !number(member(line, "next_seq"), facts.seq) ||
            !number(member(line, "index"), facts.index))
            return std::nullopt;
        facts.prev = *previous;
        return facts;
    }
    return std::nullopt;
}

bool checkpoint_signed_by(std::string_view line, const crypto::Ed25519Key& key) {
    const auto at = line.rfind(kSignatureMember);
    if (at == std::string_view::npos || !line.ends_with("\"}")) return false;
    std::string signature;
    if (!crypto::from_hex(line.substr(at + kSignatureMember.size(),
                                      line.size() - 2 - at - kSignatureMember.size()),
                          signature))
        return false;
    return key.verify(without_last_member(line, at), signature);
}

}  // namespace tact::audit
