// A worker's own count on the shared configuration snapshot
// (proxy/held_by_one_worker.hpp). Its own executable: it replaces the
// over-aligned operator new to see where the holders' blocks are placed.
#define CATCH_CONFIG_MAIN
#include "proxy/held_by_one_worker.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

namespace {

struct AlignedAllocation {
    std::size_t size;
    std::size_t alignment;
    std::uintptr_t address;
};

// Every allocation of an over-aligned type in this test binary, while
// `recording` is set (the vector's own growth is not over-aligned).
bool recording = false;
std::vector<AlignedAllocation>& aligned_allocations() {
    static std::vector<AlignedAllocation> allocations;
    return allocations;
}

}  // namespace

// Every over-aligned form, so that none comes from the library (or a
// sanitizer's runtime) and meets a delete of another allocator here.
void* operator new(std::size_t size, std::align_val_t alignment) {
    const auto align = static_cast<std::size_t>(alignment);
    // aligned_alloc wants a size that is a non-zero multiple of the alignment.
    const auto lines = std::max<std::size_t>(1, (size + align - 1) / align);
    void* block = std::aligned_alloc(align, lines * align);
    if (!block) throw std::bad_alloc();
    if (recording)
        aligned_allocations().push_back({size, align, reinterpret_cast<std::uintptr_t>(block)});
    return block;
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    try {
        return operator new(size, alignment);
    } catch (const std::bad_alloc&) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
    return operator new(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment,
                     const std::nothrow_t& nothrow) noexcept {
    return operator new(size, alignment, nothrow);
}
void operator delete(void* block, std::align_val_t) noexcept {
    std::free(block);
}
void operator delete(void* block, std::size_t, std::align_val_t) noexcept {
    std::free(block);
}
void operator delete(void* block, std::align_val_t, const std::nothrow_t&) noexcept {
    std::free(block);
}
void operator delete[](void* block, std::align_val_t) noexcept {
    std::free(block);
}
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept {
    std::free(block);
}
void operator delete[](void* block, std::align_val_t, const std::nothrow_t&) noexcept {
    std::free(block);
}

using tact::proxy::held_by_one_worker;

TEST_CASE("a worker's holder shares the object and keeps it alive through a count of its own") {
    auto snapshot = std::make_shared<const int>(42);
    const auto first = held_by_one_worker(snapshot);
    const auto second = held_by_one_worker(snapshot);
    CHECK(first.get() == snapshot.get());
    CHECK(second.get() == snapshot.get());
    // Copies of a holder count on the holder alone; the snapshot's own count
    // moves only when a holder is made or dropped (at start and at reloads).
    CHECK(snapshot.use_count() == 3);
    const auto copy_on_a_request = first;
    CHECK(first.use_count() == 2);
    CHECK(second.use_count() == 1);
    CHECK(snapshot.use_count() == 3);

    const int* object = snapshot.get();
    snapshot.reset();
    CHECK(*first == 42);  // the holders keep it
    CHECK(first.get() == object);
}

TEST_CASE("holders made one after another keep their counts on cache lines of their own") {
    auto snapshot = std::make_shared<const int>(7);
    aligned_allocations().clear();
    recording = true;
    std::vector<std::shared_ptr<const int>> holders;
    for (int worker = 0; worker < 4; ++worker) holders.push_back(held_by_one_worker(snapshot));
    recording = false;

    // One block per holder, taken through the over-aligned allocation: the
    // block, whose first bytes are the counts, starts on a 64-byte line, and
    // the holder after them starts on the next line, so no other object
    // (another holder's counts above all) can share the counts' line.
    const auto& allocations = aligned_allocations();
    REQUIRE(allocations.size() == holders.size());
    for (const auto& block : allocations) {
        CHECK(block.alignment >= 64);
        CHECK(block.address % 64 == 0);
        CHECK(block.size >= 128);
    }
}
