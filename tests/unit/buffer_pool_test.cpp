// The worker's pool of body buffers: what it lends back, and what it lets go.
#include "proxy/buffer_pool.hpp"

#include <catch2/catch.hpp>

using tact::proxy::BodyBlock;
using tact::proxy::BufferPool;

TEST_CASE("a body block given back is lent again when it is large enough") {
    BufferPool pool;
    auto block = pool.take_block(2048);
    REQUIRE(block.size == 2048);
    const char* bytes = block.bytes.get();
    pool.give_back(std::move(block));
    CHECK(block.bytes == nullptr);
    CHECK(pool.bytes_kept() == 2048);

    auto again = pool.take_block(1000);
    CHECK(again.bytes.get() == bytes);
    CHECK(again.size == 2048);  // the whole block, though less was asked for
    CHECK(pool.bytes_kept() == 0);

    pool.give_back(std::move(again));
    auto larger = pool.take_block(4096);  // the kept one is too small: a new one
    CHECK(larger.size == 4096);
    CHECK(pool.buffers_kept() == 1);
    pool.give_back(std::move(larger));
    CHECK(pool.bytes_kept() == 2048 + 4096);
}

TEST_CASE("a string comes back empty with the room it had") {
    BufferPool pool;
    CHECK(pool.take_string().capacity() == std::string().capacity());  // none kept yet
    std::string page(5000, 'p');
    const auto room = page.capacity();
    const char* bytes = page.data();
    pool.give_back(std::move(page));
    CHECK(page.capacity() == std::string().capacity());  // its room went with it

    auto lent = pool.take_string();
    CHECK(lent.empty());
    CHECK(lent.capacity() == room);
    CHECK(lent.data() == bytes);
}

TEST_CASE("the pool lets go of what it should not keep") {
    BufferPool pool;
    SECTION("a string without a room of its own") {
        pool.give_back(std::string("short"));
        CHECK(pool.buffers_kept() == 0);
    }
    SECTION("a buffer larger than a piece and its edits") {
        pool.give_back(pool.take_block(BufferPool::kLargestKept + 1));
        pool.give_back(std::string(BufferPool::kLargestKept + 1, 'x'));
        CHECK(pool.buffers_kept() == 0);
        CHECK(pool.bytes_kept() == 0);
    }
    SECTION("anything past the total") {
        const auto size = BufferPool::kLargestKept;
        const auto fit = BufferPool::kMostBytesKept / size;
        for (std::size_t i = 0; i <= fit; ++i)
            pool.give_back(BodyBlock{std::make_unique<char[]>(size), size});
        CHECK(pool.buffers_kept() == fit);
        CHECK(pool.bytes_kept() == fit * size);
    }
    SECTION("more than so many of a kind") {
        for (std::size_t i = 0; i <= BufferPool::kMostKeptOfEach; ++i)
            pool.give_back(BodyBlock{std::make_unique<char[]>(64), 64});
        CHECK(pool.buffers_kept() == BufferPool::kMostKeptOfEach);
    }
    SECTION("an empty block") {
        pool.give_back(BodyBlock{});
        CHECK(pool.buffers_kept() == 0);
    }
}
