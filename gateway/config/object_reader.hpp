// Typed, strict reading of one JSON object of a config file: every key read
// is checked for type and range, and keys nobody read are reported as unknown.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/located_json.hpp"

namespace tact::config {

class ObjectReader {
  public:
    // `pointer` is the JSON pointer of the object ("" for the root).
    ObjectReader(const LocatedJson& doc, std::string pointer, std::string file);

    bool has(std::string_view key) const;
    std::optional<std::string> string(std::string_view key, std::string_view fix);
    std::optional<std::string> one_of(std::string_view key,
                                      std::initializer_list<std::string_view> choices);
    std::optional<std::uint64_t> integer(std::string_view key, std::uint64_t min,
                                         std::uint64_t max);
    std::optional<double> number(std::string_view key, double min, double max);
    std::optional<bool> boolean(std::string_view key);
    std::optional<std::vector<std::string>> string_list(std::string_view key, std::string_view fix);
    std::optional<ObjectReader> object(std::string_view key);
    // A list of objects, each read by its own reader.
    std::optional<std::vector<ObjectReader>> object_list(std::string_view key,
                                                         std::string_view fix);
    // The keys of this object, in the file's order of sorting (alphabetical).
    std::vector<std::string> keys() const;
    // The line of `key` in the file (of this object when key is "").
    int line(std::string_view key) const;
    // Every key of this object with its string value (for maps of free keys).
    std::map<std::string, std::string> string_entries(std::string_view fix);

    // Call once every known key was read: any key left is a mistake.
    void reject_unknown_keys(std::initializer_list<std::string_view> known) const;

    [[noreturn]] void fail(std::string_view key, const std::string& problem,
                           std::string_view fix) const;

  private:
    const nlohmann::json* find(std::string_view key) const;
    std::string key_path(std::string_view key) const;

    const LocatedJson& doc_;
    std::string pointer_;
    std::string file_;
    const nlohmann::json& node_;
};

}  // namespace tact::config
