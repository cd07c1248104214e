#pragma once
// Fields the gateway adds to a head it relays, kept as the lines it will
// send ("Name: value\r\n") rather than inserted into Beast's field set.
//
// Beast's set allocates a node per field and keeps it in an ordered tree by
// case-insensitive name: about 450 instructions per insert, and the gateway
// adds a dozen fields per request (Tact-*, Forwarded, X-Forwarded-*, Via on
// the way in; Via, Cache-Control, Vary, framing on the way out) that nothing
// reads again before they are written. The head writer sends these lines
// after the relayed fields.
//
// Values are the gateway's own (structured fields it serialized, addresses,
// a Host Beast already parsed), never raw bytes a peer could end in CR LF.

#include <boost/container/small_vector.hpp>
#include <cstring>
#include <string_view>

namespace tact::http_fields {

class AddedFields {
  public:
    // The line is written into room made once (four appends checked the
    // string's capacity four times).
    void add(std::string_view name, std::string_view value) { add(name, value, {}); }

    // A line whose value comes in two parts (no string is made to join them).
    void add(std::string_view name, std::string_view value, std::string_view value_end) {
        const auto start = text_.size();
        text_.resize(start + name.size() + value.size() + value_end.size() + 4,
                     boost::container::default_init);
        char* at = text_.data() + start;
        const auto put = [&](std::string_view part) {
            if (part.empty()) return;  // an empty view may have no data at all
            std::memcpy(at, part.data(), part.size());
            at += part.size();
        };
        put(name);
        put(": ");
        put(value);
        put(value_end);
        put("\r\n");
    }

    // Lines of another set, after these.
    void add_all(const AddedFields& other) {
        text_.insert(text_.end(), other.text_.begin(), other.text_.end());
    }

    // Every line added so far, in order, each ending in CR LF.
    std::string_view lines() const { return {text_.data(), text_.size()}; }

  private:
    // The lines a head usually gets fit in place: no allocation (the object
    // lives in the coroutine frame of the exchange).
    boost::container::small_vector<char, 512> text_;
};

}  // namespace tact::http_fields
