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

// The top-level members of a line this log writes, in one pass that skips
// strings and nested objects (a purpose named "seq" inside "purposes" is
// never taken for the record's seq). Values: a string's contents without
// quotes (hashes, times and ids have no escapes), or a number's text.
struct Members {
    std::optional<std::string_view> type, seq, prev, time, head, previous_head, next_seq, index;

    void take(std::string_view name, std::string_view value) {
        if (name == "type")
            type = value;
        else if (name == "seq")
            seq = value;
        else if (name == "prev")
            prev = value;
        else if (name == "time")
            time = value;
        else if (name == "head")
            head = value;
        else if (name == "previous_head")
            previous_head = value;
        else if (name == "next_seq")
            next_seq = value;
        else if (name == "index")
            index = value;
    }
};

std::optional<Members> top_level_members(std::string_view line) {
    Members members;
    int depth = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '{' || c == '[') {
            ++depth;
            continue;
        }
        if (c == '}' || c == ']') {
            --depth;
            continue;
        }
        if (c != '"') continue;
        const std::size_t start = i + 1;
        for (++i; i < line.size() && line[i] != '"'; ++i)
            if (line[i] == '\\') ++i;
        if (i >= line.size()) return std::nullopt;
        if (depth != 1 || i + 1 >= line.size() || line[i + 1] != ':') continue;
        const auto name = line.substr(start, i - start);
        const auto rest = line.substr(i + 2);
        if (rest.starts_with('"')) {
            const auto close = rest.find('"', 1);
            if (close == std::string_view::npos) return std::nullopt;
            members.take(name, rest.substr(1, close - 1));
            i += 2 + close;
        } else if (!rest.starts_with('{') && !rest.starts_with('[')) {
            const auto close = rest.find_first_of(",}");
            if (close == std::string_view::npos) return std::nullopt;
            members.take(name, rest.substr(0, close));
            i += 1 + close;
        }
    }
    return members;
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

// "2026-11-23T18:00:00Z", as format_time writes it (read by hand: date::parse
// trips GCC 12's -Wmaybe-uninitialized inside date.h).
std::optional<std::chrono::sys_seconds> parse_time(std::string_view text) {
    if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        return std::nullopt;
    auto field = [&](std::size_t at, std::size_t length, int& out) {
        const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + length, out);
        return ec == std::errc() && end == text.data() + at + length;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (!field(0, 4, y) || !field(5, 2, mo) || !field(8, 2, d) || !field(11, 2, h) ||
        !field(14, 2, mi) || !field(17, 2, se))
        return std::nullopt;
    const std::chrono::year_month_day day{std::chrono::year{y},
                                          std::chrono::month(static_cast<unsigned>(mo)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    if (!day.ok() || h > 23 || mi > 59 || se > 60) return std::nullopt;
    return std::chrono::sys_days{day} + std::chrono::hours{h} + std::chrono::minutes{mi} +
           std::chrono::seconds{se};
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

namespace {

std::string signed_line(nlohmann::json body, const crypto::Ed25519Key& key) {
    body["key_id"] = key.key_id();
    std::string line = dump(body);
    const auto signature = crypto::to_hex(key.sign(line));
    line.pop_back();
    line += kSignatureMember;
    line += signature;
    line += "\"}";
    return line;
}

}  // namespace

std::string checkpoint_line(std::uint64_t seq, std::string_view head, std::chrono::sys_seconds time,
                            const crypto::Ed25519Key& key) {
    return signed_line(
        {{"type", "checkpoint"}, {"seq", seq}, {"head", head}, {"time", format_time(time)}}, key);
}

std::string purge_line(std::uint64_t through_segment, std::uint64_t through_seq,
                       std::string_view head, std::chrono::sys_seconds time,
                       const crypto::Ed25519Key& key) {
    return signed_line({{"type", "purge"},
                        {"index", through_segment},
                        {"seq", through_seq},
                        {"head", head},
                        {"time", format_time(time)}},
                       key);
}

std::optional<LineFacts> read_line(std::string_view line) {
    if (!line.starts_with('{') || !line.ends_with('}')) return std::nullopt;
    const auto members = top_level_members(line);
    if (!members || !members->type) return std::nullopt;
    LineFacts facts;
    facts.time = members->time.value_or("");
    if (*members->type == "consent") {
        facts.type = LineType::consent;
        const auto at = line.rfind(kHashMember);
        if (at == std::string_view::npos || !line.ends_with("\"}")) return std::nullopt;
        facts.hash =
            line.substr(at + kHashMember.size(), line.size() - 2 - at - kHashMember.size());
        if (!is_hash(facts.hash) || !members->prev || !is_hash(*members->prev) ||
            !number(members->seq, facts.seq))
            return std::nullopt;
        facts.prev = *members->prev;
        facts.hash_matches = crypto::sha256_hex({line.substr(0, at), "}"}) == facts.hash;
        return facts;
    }
    if (*members->type == "checkpoint" || *members->type == "purge") {
        facts.type = *members->type == "purge" ? LineType::purge : LineType::checkpoint;
        if (!members->head || !is_hash(*members->head) || !number(members->seq, facts.seq))
            return std::nullopt;
        if (facts.type == LineType::purge && !number(members->index, facts.index))
            return std::nullopt;
        facts.prev = *members->head;
        return facts;
    }
    if (*members->type == "segment") {
        facts.type = LineType::segment;
        if (!members->previous_head || !is_hash(*members->previous_head) ||
            !number(members->next_seq, facts.seq) || !number(members->index, facts.index))
            return std::nullopt;
        facts.prev = *members->previous_head;
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
