#include "geoip/record_walk.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>

namespace tact::geoip {
namespace {

// Data types of the MaxMind DB format (spec 2.0); types 8 and up are
// "extended": the control byte's type is 0 and the next byte holds type - 7.
enum Type : std::uint32_t {
    kPointer = 1,
    kUtf8String = 2,
    kDouble = 3,
    kUint16 = 5,
    kUint32 = 6,
    kMap = 7,
    kInt32 = 8,
    kUint64 = 9,
    kUint128 = 10,
    kArray = 11,
    kBoolean = 14,
    kFloat = 15,
};

// Nested maps and arrays deeper than this are taken for malformed data (and
// left to libmaxminddb); GeoIP2 records nest three deep.
constexpr int kMaxSkipDepth = 512;

// Numbers have fixed (float, double) or bounded lengths; libmaxminddb
// rejects others. By type; the rest have no bound but the data's end.
constexpr auto kLongest = [] {
    std::array<std::uint32_t, 16> longest{};
    longest.fill(UINT32_MAX);
    longest[kUint16] = 2;
    longest[kUint32] = longest[kInt32] = longest[kFloat] = 4;
    longest[kUint64] = longest[kDouble] = 8;
    longest[kUint128] = 16;
    return longest;
}();

// How many bytes the item whose control byte is the index takes, for the
// items that byte describes whole: short strings and byte arrays, pointers,
// and numbers of a size libmaxminddb accepts. 0 for the rest (maps, arrays,
// extended types, long strings, implausible numbers), which need a header.
// Most entries a walk steps over are of the first kind.
constexpr auto kWholeLength = [] {
    std::array<std::uint8_t, 256> length{};
    for (std::uint32_t control = 0; control < 256; ++control) {
        const std::uint32_t type = control >> 5, size = control & 31u;
        if (type == kPointer)
            length[control] = static_cast<std::uint8_t>(2 + ((control >> 3) & 3u));
        else if (type >= kUtf8String && type <= kUint32 && size < 29 &&
                 (type == kDouble ? size == kLongest[type] : size <= kLongest[type]))
            length[control] = static_cast<std::uint8_t>(1 + size);
    }
    return length;
}();

struct Item {
    std::uint32_t type = 0;
    // A string's or number's length in bytes, a map's or array's entries, a
    // boolean's value, a pointer's target.
    std::uint32_t size = 0;
    std::uint32_t body = 0;  // where its bytes (or its first entry) begin
    std::uint32_t next = 0;  // just past it; for a map or an array, its first entry
};

// A pending path: the part of it already matched, and where its value goes.
struct Pending {
    const RecordPath* path;
    std::size_t matched;
    std::string_view* value;
};

class Walk {
  public:
    explicit Walk(std::span<const std::uint8_t> data) : data_(data.data()), end_(data.size()) {}

    // A path that ends at `at` takes the string there; the others go on into
    // the map or array there. Pointers are followed, as at a path's every
    // step. With `after`, the walk also finds where the item at `at` ends,
    // going on from where the paths left it rather than starting over.
    bool visit(std::uint32_t at, std::span<Pending> here, std::uint32_t* after) const {
        Item item;
        if (!header(at, item)) return false;
        if (item.type == kPointer) {
            if (after) *after = item.next;  // the pointer's target lies elsewhere
            after = nullptr;
            if (!header(item.size, item) || item.type == kPointer) return false;
        }
        std::array<Pending, kMaxWalkPaths> going_on;
        std::size_t count = 0;
        for (const auto& pending : here) {
            if (pending.matched < pending.path->size())
                going_on[count++] = pending;
            else if (item.type == kUtf8String)
                *pending.value = text(item);
        }
        const std::span<Pending> rest(going_on.data(), count);
        if (item.type == kMap) return in_map(item, rest, after);
        if (item.type == kArray) return in_array(item, rest, after);
        if (after) *after = item.next;
        return true;  // a path going on from here does not match the data: its value stays ""
    }

  private:
    // The item at `at`, its size decoded and its bytes bounds-checked, as
    // libmaxminddb's decode_one checks them (sizes of numbers included).
    [[gnu::always_inline]] bool header(std::uint32_t at, Item& item) const {
        if (at >= end_) return false;
        const std::uint8_t control = data_[at++];
        // Short strings first: every key is one, and most values.
        if ((control >> 5) == kUtf8String && (control & 31u) < 29) {
            item = {kUtf8String, control & 31u, at, at + (control & 31u)};
            return std::uint64_t{at} + (control & 31u) <= end_;
        }
        std::uint32_t type = control >> 5;
        if (type == 0) {
            if (at >= end_) return false;
            type = 7 + data_[at++];
        }
        item.type = type;
        if (type == kPointer) {
            const std::uint32_t bytes = ((control >> 3) & 3u) + 1;
            if (at + std::uint64_t{bytes} > end_) return false;
            item.size = pointer_target(control, at, bytes);
            item.body = at;
            item.next = at + bytes;
            return true;
        }
        std::uint32_t size = control & 31u;
        if (size >= 29) [[unlikely]] {
            static constexpr std::array<std::uint32_t, 3> kBase{29, 285, 65821};
            const std::uint32_t bytes = size - 28;
            if (at + std::uint64_t{bytes} > end_) return false;
            size = kBase[bytes - 1] + big_endian(at, bytes);
            at += bytes;
        }
        item.size = size;
        item.body = at;
        item.next = at;
        if (type == kMap || type == kArray || type == kBoolean) return true;
        if (at + std::uint64_t{size} > end_ || !plausible_size(type, size)) return false;
        item.next = at + size;
        return true;
    }

    static bool plausible_size(std::uint32_t type, std::uint32_t size) {
        if (type == kUtf8String || type >= kLongest.size()) return true;
        return type == kFloat || type == kDouble ? size == kLongest[type] : size <= kLongest[type];
    }

    std::uint32_t big_endian(std::uint32_t at, std::uint32_t bytes) const {
        std::uint32_t value = 0;
        for (std::uint32_t i = 0; i < bytes; ++i) value = (value << 8) | data_[at + i];
        return value;
    }

    // Spec 2.0, "Pointer - 1": the size bits choose the length, and each
    // length but the longest adds the range the shorter ones cover.
    std::uint32_t pointer_target(std::uint8_t control, std::uint32_t at,
                                 std::uint32_t bytes) const {
        const std::uint32_t high = control & 7u;
        switch (bytes) {
            case 1:
                return (high << 8) + big_endian(at, 1);
            case 2:
                return 2048 + (high << 16) + big_endian(at, 2);
            case 3:
                return 526336 + (high << 24) + big_endian(at, 3);
            default:
                return big_endian(at, 4);
        }
    }

    // The item at `at`, or the one its pointer leads to (a pointer to a
    // pointer is invalid).
    bool follow(std::uint32_t at, Item& item) const {
        if (!header(at, item)) return false;
        if (item.type != kPointer) return true;
        return header(item.size, item) && item.type != kPointer;
    }

    // Moves `at` on by `bytes`, unless that runs past the data (counted in
    // 64 bits: a data section may come close to 4 GiB).
    bool advance(std::uint32_t& at, std::uint32_t bytes) const {
        const std::uint64_t next = std::uint64_t{at} + bytes;
        if (next > end_) return false;
        at = static_cast<std::uint32_t>(next);
        return true;
    }

    // Moves `at` past the header of the item there: past a whole string or
    // number, into a map or an array. `item` gets the header read (its type
    // stays 0 when the table stepped over a short item whole).
    [[gnu::always_inline]] bool step_over_header(std::uint32_t& at, Item& item) const {
        if (at >= end_) return false;
        if (const std::uint32_t whole = kWholeLength[data_[at]]) return advance(at, whole);
        if (!header(at, item)) return false;
        at = item.next;
        return true;
    }

    bool step_over_header(std::uint32_t& at) const {
        Item item;
        return step_over_header(at, item);
    }

    // Moves `at` past the item there without following pointers. (Inlined:
    // it runs for nearly every entry a walk passes over.)
    [[gnu::always_inline]] bool skip(std::uint32_t& at, int depth) const {
        Item item;
        if (!step_over_header(at, item)) return false;
        return item.type == kMap || item.type == kArray ? skip_entries(item, at, depth) : true;
    }

    // Moves `at`, at the first entry of `container`, past its last. A map's
    // keys are stepped over, not skipped: libmaxminddb skips only values, and
    // on malformed data the two must still agree on where an entry ends.
    bool skip_entries(const Item& container, std::uint32_t& at, int depth) const {
        if (depth >= kMaxSkipDepth) return false;
        for (std::uint32_t entry = 0; entry < container.size; ++entry) {
            if (container.type == kMap && !step_over_header(at)) return false;
            if (!skip(at, depth + 1)) return false;
        }
        return true;
    }

    std::string_view text(const Item& item) const {
        return {reinterpret_cast<const char*>(data_) + item.body, item.size};
    }

    // Keys are read in order; a path takes the first key that is its next
    // step. The walk stops once every path has had its key (or at the map's
    // end), unless `after` asks where the map ends.
    bool in_map(const Item& map, std::span<Pending> pending, std::uint32_t* after) const {
        std::array<bool, kMaxWalkPaths> settled{};
        std::size_t unsettled = pending.size();
        std::uint32_t at = map.body;
        for (std::uint32_t entry = 0; entry < map.size; ++entry) {
            if (unsettled == 0) {
                // Only where the map ends is wanted now.
                if (!after) return true;
                if (!step_over_header(at) || !skip(at, 0)) return false;
                continue;
            }
            Item key;
            if (!header(at, key)) return false;
            std::uint32_t value_at = key.next;
            std::array<Pending, kMaxWalkPaths> taking;
            std::size_t count = 0;
            if (key.type == kPointer && !follow(at, key)) return false;
            if (key.type != kUtf8String) return false;
            const auto name = text(key);
            for (std::size_t i = 0; i < pending.size(); ++i) {
                if (settled[i] || (*pending[i].path)[pending[i].matched] != name) continue;
                settled[i] = true;
                taking[count++] = {pending[i].path, pending[i].matched + 1, pending[i].value};
            }
            unsettled -= count;
            const bool going_on = unsettled > 0 || after;
            if (count > 0) {
                if (!visit(value_at, {taking.data(), count}, going_on ? &value_at : nullptr))
                    return false;
            } else if (!skip(value_at, 0)) {
                return false;
            }
            at = value_at;
        }
        if (after) *after = at;
        return true;
    }

    // The index a path step names, read as MMDB_aget_value reads it (strtol,
    // negative from the end); -1 when it names no element.
    static long element_index(const std::string& step, std::uint32_t size) {
        char* unread = nullptr;
        errno = 0;
        const long parsed = std::strtol(step.c_str(), &unread, 10);
        if (errno == ERANGE || *unread != '\0') return -1;
        long index = static_cast<int>(parsed);  // libmaxminddb keeps an int
        if (index < 0) index += size;
        return index >= 0 && index < static_cast<long>(size) ? index : -1;
    }

    bool in_array(const Item& array, std::span<Pending> pending, std::uint32_t* after) const {
        std::array<long, kMaxWalkPaths> wanted{};
        long last = -1;
        for (std::size_t i = 0; i < pending.size(); ++i) {
            wanted[i] = element_index((*pending[i].path)[pending[i].matched], array.size);
            last = std::max(last, wanted[i]);
        }
        const long elements = after ? static_cast<long>(array.size) : last + 1;
        std::uint32_t at = array.body;
        for (long element = 0; element < elements; ++element) {
            std::array<Pending, kMaxWalkPaths> taking;
            std::size_t count = 0;
            for (std::size_t i = 0; i < pending.size(); ++i)
                if (wanted[i] == element)
                    taking[count++] = {pending[i].path, pending[i].matched + 1, pending[i].value};
            const bool going_on = element + 1 < elements || after;
            if (count > 0) {
                if (!visit(at, {taking.data(), count}, going_on ? &at : nullptr)) return false;
            } else if (going_on && !skip(at, 0)) {
                return false;
            }
        }
        if (after) *after = at;
        return true;
    }

    const std::uint8_t* data_;
    std::uint64_t end_;
};

}  // namespace

bool read_record_strings(std::span<const std::uint8_t> data_section, std::uint32_t record,
                         std::span<const RecordPath* const> paths,
                         std::span<std::string_view> values) {
    // Offsets are 32-bit in MaxMind DB; a step with a NUL byte means to
    // libmaxminddb only what comes before it.
    if (paths.size() > kMaxWalkPaths || values.size() != paths.size() ||
        data_section.size() > UINT32_MAX)
        return false;
    for (const auto* path : paths)
        for (const auto& step : *path)
            if (step.find('\0') != std::string::npos) return false;
    std::array<Pending, kMaxWalkPaths> pending;
    std::size_t count = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        values[i] = {};
        if (!paths[i]->empty() && paths[i]->size() <= kMaxPathLength)
            pending[count++] = {paths[i], 0, &values[i]};
    }
    if (count == 0) return true;
    return Walk(data_section).visit(record, {pending.data(), count}, nullptr);
}

}  // namespace tact::geoip
