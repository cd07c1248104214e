#include "config/object_reader.hpp"

#include <algorithm>
#include <sstream>

#include "config/config_error.hpp"

namespace tact::config {
namespace {

std::string describe(const nlohmann::json& v) {
    if (v.is_string()) return "the string " + v.dump();
    if (v.is_object()) return "an object";
    if (v.is_array()) return "a list";
    if (v.is_null()) return "null";
    return v.dump();
}

const nlohmann::json& node_at(const LocatedJson& doc, const std::string& pointer) {
    return doc.value.at(nlohmann::json::json_pointer(pointer));
}

}  // namespace

ObjectReader::ObjectReader(const LocatedJson& doc, std::string pointer, std::string file)
    : doc_(doc),
      pointer_(std::move(pointer)),
      file_(std::move(file)),
      node_(node_at(doc_, pointer_)) {
    if (!node_.is_object()) {
        throw ConfigError(file_ + ":" + std::to_string(doc_.line(pointer_)) + ": " +
                          (pointer_.empty() ? std::string("the file") : key_path("")) +
                          ": expected an object ({ ... }), found " + describe(node_) +
                          ". Fix: write it as an object of keys and values.");
    }
}

std::string ObjectReader::key_path(std::string_view key) const {
    std::string path = pointer_;
    std::replace(path.begin(), path.end(), '/', '.');
    if (!path.empty() && path.front() == '.') path.erase(0, 1);
    std::string tail(key);
    std::replace(tail.begin(), tail.end(), '/', '.');  // "trusted_proxies/0" -> "trusted_proxies.0"
    if (tail.empty()) return path;
    return path.empty() ? tail : path + "." + tail;
}

void ObjectReader::fail(std::string_view key, const std::string& problem,
                        std::string_view fix) const {
    std::string pointer = pointer_ + (key.empty() ? "" : "/" + std::string(key));
    throw ConfigError(file_ + ":" + std::to_string(doc_.line(pointer)) + ": key \"" +
                      key_path(key) + "\": " + problem + ". Fix: " + std::string(fix));
}

const nlohmann::json* ObjectReader::find(std::string_view key) const {
    auto it = node_.find(std::string(key));
    return it == node_.end() ? nullptr : &*it;
}

bool ObjectReader::has(std::string_view key) const {
    return find(key) != nullptr;
}

std::optional<std::string> ObjectReader::string(std::string_view key, std::string_view fix) {
    const auto* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) fail(key, "expected a string, found " + describe(*v), fix);
    return v->get<std::string>();
}

std::optional<std::string> ObjectReader::one_of(std::string_view key,
                                                std::initializer_list<std::string_view> choices) {
    std::string list;
    for (auto c : choices) list += (list.empty() ? "\"" : ", \"") + std::string(c) + "\"";
    auto value = string(key, "use one of " + list);
    if (!value) return value;
    if (std::find(choices.begin(), choices.end(), *value) == choices.end())
        fail(key, "\"" + *value + "\" is not a known choice", "use one of " + list);
    return value;
}

std::optional<std::uint64_t> ObjectReader::integer(std::string_view key, std::uint64_t min,
                                                   std::uint64_t max) {
    const auto* v = find(key);
    if (!v) return std::nullopt;
    std::string range = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (!v->is_number_unsigned())  // nlohmann keeps non-negative integers unsigned
        fail(key, "expected " + range + ", found " + describe(*v), "write " + range);
    auto n = v->get<std::uint64_t>();
    if (n < min || n > max) fail(key, std::to_string(n) + " is out of range", "write " + range);
    return n;
}

std::optional<double> ObjectReader::number(std::string_view key, double min, double max) {
    const auto* v = find(key);
    if (!v) return std::nullopt;
    std::ostringstream range;
    range << "a number from " << min << " to " << max;
    if (!v->is_number())
        fail(key, "expected " + range.str() + ", found " + describe(*v), "write " + range.str());
    const auto n = v->get<double>();
    if (n < min || n > max) fail(key, v->dump() + " is out of range", "write " + range.str());
    return n;
}

std::optional<bool> ObjectReader::boolean(std::string_view key) {
    const auto* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean())
        fail(key, "expected true or false, found " + describe(*v), "write true or false");
    return v->get<bool>();
}

std::optional<std::vector<std::string>> ObjectReader::string_list(std::string_view key,
                                                                  std::string_view fix) {
    const auto* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_array()) fail(key, "expected a list of strings, found " + describe(*v), fix);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const auto& item = (*v)[i];
        if (!item.is_string())
            fail(std::string(key) + "/" + std::to_string(i),
                 "expected a string, found " + describe(item), fix);
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::map<std::string, std::string> ObjectReader::string_entries(std::string_view fix) {
    std::map<std::string, std::string> entries;
    for (const auto& [key, value] : node_.items()) {
        if (!value.is_string()) fail(key, "expected a string, found " + describe(value), fix);
        entries.emplace(key, value.get<std::string>());
    }
    return entries;
}

std::optional<ObjectReader> ObjectReader::object(std::string_view key) {
    if (!find(key)) return std::nullopt;
    return ObjectReader(doc_, pointer_ + "/" + std::string(key), file_);
}

std::optional<std::vector<ObjectReader>> ObjectReader::object_list(std::string_view key,
                                                                   std::string_view fix) {
    const auto* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_array()) fail(key, "expected a list of objects, found " + describe(*v), fix);
    std::vector<ObjectReader> out;
    for (std::size_t i = 0; i < v->size(); ++i) {
        if (!(*v)[i].is_object())
            fail(std::string(key) + "/" + std::to_string(i),
                 "expected an object, found " + describe((*v)[i]), fix);
        out.emplace_back(doc_, pointer_ + "/" + std::string(key) + "/" + std::to_string(i), file_);
    }
    return out;
}

std::vector<std::string> ObjectReader::keys() const {
    std::vector<std::string> out;
    for (const auto& [key, value] : node_.items()) out.push_back(key);
    return out;
}

int ObjectReader::line(std::string_view key) const {
    return doc_.line(pointer_ + (key.empty() ? "" : "/" + std::string(key)));
}

void ObjectReader::reject_unknown_keys(std::initializer_list<std::string_view> known) const {
    std::string list;
    for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    for (const auto& [key, value] : node_.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            fail(key, "unknown key",
                 "remove it, or check its spelling; keys allowed here: " + list);
    }
}

}  // namespace tact::config
