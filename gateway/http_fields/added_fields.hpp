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

#include <string>
#include <string_view>

namespace tact::http_fields {

class AddedFields {
  public:
    // Room for the lines a request usually gets, made once.
    AddedFields() { text_.reserve(512); }

    void add(std::string_view name, std::string_view value) {
        text_.append(name);
        text_.append(": ", 2);
        text_.append(value);
        text_.append("\r\n", 2);
    }

    // Every line added so far, in order, each ending in CR LF.
    std::string_view lines() const { return text_; }

  private:
    std::string text_;
};

}  // namespace tact::http_fields
