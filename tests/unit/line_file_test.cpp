// The access and decision logs' files: each worker's lines buffered apart and
// handed over whole (audit/line_file.hpp).
#include "audit/line_file.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "process.hpp"

using tact::audit::LineBuffer;
using tact::audit::LineFile;
using tact::testing::read_file;
using tact::testing::TempDir;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// "writer W line N" padded to `width` characters, with its newline.
std::string numbered_line(int writer, int n, std::size_t width = 100) {
    std::string line = "writer " + std::to_string(writer) + " line " + std::to_string(n) + " ";
    line.resize(width, '.');
    return line + "\n";
}

// A log file open in a fresh folder, as the server opens the access log.
struct OpenLog {
    TempDir dir;
    LineFile file;
    OpenLog() { REQUIRE(file.open(path().string())); }
    std::filesystem::path path() const { return dir / "access.log"; }
    std::string text() const { return read_file(path()); }
};

}  // namespace

TEST_CASE_METHOD(OpenLog, "a worker's lines reach the file when its buffer is flushed, in order") {
    LineBuffer lines(file);
    lines.write("one\n");
    lines.write("two\n");
    CHECK(text().empty());  // no system call per line
    lines.flush();
    CHECK(text() == "one\ntwo\n");
    lines.flush();  // nothing more to hand over
    CHECK(text() == "one\ntwo\n");
}

TEST_CASE_METHOD(OpenLog,
                 "a full buffer hands over whole lines only, and the rest follow at the flush") {
    LineBuffer lines(file);
    const int count = 1000;  // 100 KB: more than one buffer's room
    for (int n = 0; n < count; ++n) lines.write(numbered_line(0, n));
    const auto handed_over = text();
    CHECK(!handed_over.empty());
    CHECK(handed_over.size() <= LineBuffer::kCapacity);
    CHECK(handed_over.back() == '\n');  // never a line cut in two
    lines.flush();
    const auto all = lines_of(text());
    REQUIRE(all.size() == count);
    for (int n = 0; n < count; ++n) CHECK(all[n] + "\n" == numbered_line(0, n));
}

TEST_CASE_METHOD(OpenLog,
                 "a line longer than a buffer goes to the file whole, after the lines before it") {
    LineBuffer lines(file);
    const std::string huge = std::string(LineBuffer::kCapacity + 10, 'x') + "\n";
    lines.write("before\n");
    lines.write(huge);
    lines.write("after\n");
    lines.flush();
    CHECK(text() == "before\n" + huge + "after\n");
}

TEST_CASE_METHOD(OpenLog, "workers writing at once through buffers of their own never cut a line") {
    const int writers = 4;
    const int per_writer = 5000;  // several buffers each: they hand over while others write
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([this, w] {
            LineBuffer lines(file);
            for (int n = 0; n < per_writer; ++n) lines.write(numbered_line(w, n, 80 + n % 50));
        });  // the buffer's destructor flushes the rest
    }
    for (auto& thread : threads) thread.join();
    const auto all = lines_of(text());
    REQUIRE(all.size() == writers * per_writer);
    std::set<std::string> expected;
    for (int w = 0; w < writers; ++w)
        for (int n = 0; n < per_writer; ++n) {
            auto line = numbered_line(w, n, 80 + n % 50);
            line.pop_back();
            expected.insert(line);
        }
    CHECK(std::set<std::string>(all.begin(), all.end()) == expected);
    // Each writer's own lines stay in the order it wrote them.
    for (int w = 0; w < writers; ++w) {
        const auto prefix = "writer " + std::to_string(w) + " ";
        int next = 0;
        for (const auto& line : all)
            if (line.rfind(prefix, 0) == 0)
                CHECK(line.substr(0, line.find(' ', prefix.size() + 5)) ==
                      prefix + "line " + std::to_string(next++));
    }
}

TEST_CASE_METHOD(OpenLog,
                 "after a reopen lines go to the new file, and a file that cannot open changes "
                 "nothing") {
    LineBuffer lines(file);
    lines.write("first\n");
    lines.flush();
    std::filesystem::rename(path(), dir / "rotated.log");  // what logrotate does
    REQUIRE(file.open(path().string()));
    lines.write("second\n");
    lines.flush();
    CHECK(read_file(dir / "rotated.log") == "first\n");
    CHECK(text() == "second\n");

    CHECK_FALSE(file.open((dir / "no such folder" / "x.log").string()));
    CHECK(file.enabled());
    lines.write("third\n");
    lines.flush();
    CHECK(text() == "second\nthird\n");
}

TEST_CASE_METHOD(OpenLog, "a log turned off still takes the lines written before, and none after") {
    LineBuffer lines(file);
    lines.write("before\n");
    REQUIRE(file.open(""));  // a reload without the log
    lines.write("after\n");
    lines.flush();
    CHECK(text() == "before\n");
}

TEST_CASE("a closed log is off: writing through it keeps nothing and fails nothing") {
    TempDir dir;
    LineFile file;
    CHECK_FALSE(file.enabled());
    REQUIRE(file.open((dir / "access.log").string()));
    CHECK(file.enabled());
    REQUIRE(file.open(""));
    CHECK_FALSE(file.enabled());
    LineBuffer lines(file);
    lines.write("dropped\n");
    lines.flush();
    CHECK(read_file(dir / "access.log").empty());
}
