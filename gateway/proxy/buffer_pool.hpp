// Buffers a worker lends to its requests and takes back when they end: the
// block that carries a body through, a piece at a time, and the string that
// holds the rewritten piece of a page.
//
// Each request used to allocate both afresh, a few KiB for a small page and
// 64 KiB each for a large one. Blocks that size miss the allocator's
// small-block fast path, and their memory is cold when the request first
// writes it. Lent again, the same few buffers stay warm. One pool per worker
// thread: no locks.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tact::proxy {

// Bytes for reading into: never zero-filled, lent with what an earlier
// request left in them (only what a read puts there may be sent).
struct BodyBlock {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
};

class BufferPool {
  public:
    // What the pool keeps between requests. Larger buffers, and any past the
    // totals, go back to the allocator: a burst of large pages need not stay.
    static constexpr std::size_t kLargestKept = std::size_t{128} * 1024;
    static constexpr std::size_t kMostBytesKept = std::size_t{4} * 1024 * 1024;
    static constexpr std::size_t kMostKeptOfEach = 128;

    // Room for every buffer it may keep: giving back never allocates, so it
    // never throws (it runs in destructors).
    BufferPool() {
        blocks_.reserve(kMostKeptOfEach);
        strings_.reserve(kMostKeptOfEach);
    }

    // A block of at least `size` bytes: the last one given back when it is
    // large enough (pages of one site tend to be of a size), else a new one.
    BodyBlock take_block(std::size_t size) {
        if (!blocks_.empty() && blocks_.back().size >= size) {
            auto block = std::move(blocks_.back());
            blocks_.pop_back();
            bytes_kept_ -= block.size;
            return block;
        }
        return {std::make_unique_for_overwrite<char[]>(size), size};
    }

    // An empty string, with the room it had when given back.
    std::string take_string() {
        if (strings_.empty()) return {};
        auto text = std::move(strings_.back());
        strings_.pop_back();
        bytes_kept_ -= text.capacity();
        text.clear();
        return text;
    }

    void give_back(BodyBlock&& block) noexcept {
        if (keeps(block.size, blocks_.size())) {
            bytes_kept_ += block.size;
            blocks_.push_back(std::move(block));
        }
        block = {};
    }

    void give_back(std::string&& text) noexcept {
        // An empty string's room is its own: no allocation to keep.
        if (text.capacity() > std::string().capacity() && keeps(text.capacity(), strings_.size())) {
            bytes_kept_ += text.capacity();
            strings_.push_back(std::move(text));
        }
        std::string().swap(text);  // (assigning {} would keep the room)
    }

    std::size_t bytes_kept() const { return bytes_kept_; }
    std::size_t buffers_kept() const { return blocks_.size() + strings_.size(); }

  private:
    bool keeps(std::size_t size, std::size_t kept_of_its_kind) const noexcept {
        return size > 0 && size <= kLargestKept && bytes_kept_ + size <= kMostBytesKept &&
               kept_of_its_kind < kMostKeptOfEach;
    }

    std::vector<BodyBlock> blocks_;
    std::vector<std::string> strings_;
    std::size_t bytes_kept_ = 0;
};

}  // namespace tact::proxy
