#pragma once
// A head's fields in arrival order, flat: one block of text for every name
// and value, and a small array of where each field's name and value sit.
//
// Beast's field set allocates a node per field and keeps it in a tree
// ordered by case-insensitive name, for lookups by name in any order. The
// gateway reads the origin's response head by walking its dozen fields and
// comparing Beast's name enum (field_lookup.hpp), so the tree is paid for on
// every response and never used: about 350 instructions per field, parsed
// and then freed. Here a field costs two copies into the block, and a head
// of the usual size fits in place (the list lives in the coroutine frame
// that reads the head): no allocation at all.
//
// Both heads the gateway relays are read into one: the client's request
// (request_head.hpp) and the origin's response (response_head.hpp). The
// iteration interface is the one of Beast's fields that the gateway uses
// (name(), name_string(), value(); erase(iterator) returning the next), so
// that field_lookup.hpp's helpers take either (Beast's fields remain in the
// gateway's own answers and in tests).

#include <boost/beast/http/field.hpp>
#include <boost/container/small_vector.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>

namespace tact::http_fields {

class FieldList {
    struct Entry {
        boost::beast::http::field id;
        std::uint32_t name_at;
        std::uint32_t name_size;
        std::uint32_t value_at;
        std::uint32_t value_size;
    };
    using Text = boost::container::small_vector<char, 1024>;
    using Entries = boost::container::small_vector<Entry, 24>;

  public:
    class Field {
      public:
        Field(const Entry& entry, const Text& text) : entry_(&entry), text_(&text) {}
        boost::beast::http::field name() const { return entry_->id; }
        std::string_view name_string() const {
            return {text_->data() + entry_->name_at, entry_->name_size};
        }
        std::string_view value() const {
            return {text_->data() + entry_->value_at, entry_->value_size};
        }

      private:
        const Entry* entry_;
        const Text* text_;
    };

    class const_iterator {
      public:
        using iterator_category = std::forward_iterator_tag;
        using difference_type = std::ptrdiff_t;
        using value_type = Field;
        using pointer = void;
        using reference = Field;

        const_iterator(const FieldList& list, std::size_t at) : list_(&list), at_(at) {}
        Field operator*() const { return {list_->entries_[at_], list_->text_}; }
        // `it->value()` as with Beast's fields: the Field is made on the spot.
        struct Arrow {
            Field field;
            const Field* operator->() const { return &field; }
        };
        Arrow operator->() const { return {**this}; }
        const_iterator& operator++() {
            ++at_;
            return *this;
        }
        bool operator==(const const_iterator& other) const { return at_ == other.at_; }
        std::size_t index() const { return at_; }

      private:
        const FieldList* list_;
        std::size_t at_;
    };

    // `name` as it came (or Beast's spelling for a known one), `id` Beast's
    // enum for it (unknown for a name Beast does not know). Neither may point
    // into this list's own text, which the append may move.
    void append(boost::beast::http::field id, std::string_view name, std::string_view value) {
        const auto name_at = static_cast<std::uint32_t>(text_.size());
        text_.resize(text_.size() + name.size() + value.size(), boost::container::default_init);
        // (An empty view may have no data at all.)
        if (!name.empty()) std::memcpy(text_.data() + name_at, name.data(), name.size());
        if (!value.empty())
            std::memcpy(text_.data() + name_at + name.size(), value.data(), value.size());
        entries_.push_back({id, name_at, static_cast<std::uint32_t>(name.size()),
                            name_at + static_cast<std::uint32_t>(name.size()),
                            static_cast<std::uint32_t>(value.size())});
    }

    // A field Beast knows, under Beast's spelling of its name.
    void append(boost::beast::http::field id, std::string_view value) {
        append(id, boost::beast::http::to_string(id), value);
    }

    // A field by its name alone (tests, `tact policy explain`): Beast's enum
    // is looked up as its parser does.
    void append(std::string_view name, std::string_view value) {
        append(boost::beast::http::string_to_field(name), name, value);
    }

    const_iterator begin() const { return {*this, 0}; }
    const_iterator end() const { return {*this, entries_.size()}; }
    std::size_t size() const { return entries_.size(); }

    // Removes one field; the text stays in the block until the list goes.
    const_iterator erase(const_iterator at) {
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(at.index()));
        return {*this, at.index()};
    }

    // Removes every field `drop` picks, in one pass: `drop` is asked of each
    // field once, in order (header hygiene reads the values of those it drops).
    template <class Predicate>
    void erase_if(Predicate drop) {
        std::size_t kept = 0;
        for (std::size_t at = 0; at < entries_.size(); ++at)
            if (!drop(Field(entries_[at], text_))) entries_[kept++] = entries_[at];
        entries_.resize(kept);
    }

    // Removes every field Beast calls `id`.
    void erase(boost::beast::http::field id) {
        erase_if([&](const Field& field) { return field.name() == id; });
    }

  private:
    Text text_;
    Entries entries_;
};

}  // namespace tact::http_fields
