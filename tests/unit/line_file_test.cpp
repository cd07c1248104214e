// The access and decision logs' files: each worker's lines buffered apart and
// handed over whole (audit/line_file.hpp).
#include "audit/line_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <iostream>
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

// This process's standard output sent into the smallest pipe there is, and
// read from it a kilobyte at a time: on such a pipe a write of more than
// 4 KiB waits for the reader part way, and another writer can slip in.
// (Nothing may be asserted while it lasts: the test runner writes there too.)
class CapturedStandardOutput {
  public:
    CapturedStandardOutput() {
        std::cout.flush();
        std::fflush(stdout);
        int ends[2];
        REQUIRE(::pipe(ends) == 0);
        read_end_ = ends[0];
        REQUIRE(::fcntl(ends[1], F_SETPIPE_SZ, 4096) >= 0);
        saved_ = ::dup(STDOUT_FILENO);
        REQUIRE(saved_ >= 0);
        REQUIRE(::dup2(ends[1], STDOUT_FILENO) == STDOUT_FILENO);
        ::close(ends[1]);
        reader_ = std::thread([this] {
            char piece[1024];
            for (ssize_t n; (n = ::read(read_end_, piece, sizeof piece)) > 0;)
                text_.append(piece, static_cast<std::size_t>(n));
        });
    }
    ~CapturedStandardOutput() {
        if (reader_.joinable()) finish();
    }
    // Gives standard output back and returns all that was written to it.
    std::string finish() {
        ::dup2(saved_, STDOUT_FILENO);  // the pipe's last write end: the reader sees its end
        ::close(saved_);
        reader_.join();
        ::close(read_end_);
        return text_;
    }

  private:
    int read_end_ = -1;
    int saved_ = -1;
    std::thread reader_;
    std::string text_;
};

}  // namespace

TEST_CASE_METHOD(OpenLog, "a log file the gateway creates is not readable by everyone") {
    const auto others = std::filesystem::perms::others_read | std::filesystem::perms::others_write;
    CHECK((std::filesystem::status(path()).permissions() & others) == std::filesystem::perms::none);
}

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

TEST_CASE("the access and decision logs both on standard output never cut each other's lines") {
    const int per_log = 3000;  // 300 KB each: several buffers, each over a pipe's 4 KiB
    std::string written;
    {
        CapturedStandardOutput output;
        LineFile access_log;
        LineFile decision_log;
        const bool opened = access_log.open("-") && decision_log.open("-");
        std::vector<std::thread> workers;
        for (auto* file : {&access_log, &decision_log}) {
            const int writer = file == &access_log ? 0 : 1;
            workers.emplace_back([file, writer] {
                LineBuffer lines(*file);
                for (int n = 0; n < per_log; ++n) lines.write(numbered_line(writer, n));
            });
        }
        for (auto& worker : workers) worker.join();
        written = output.finish();
        REQUIRE(opened);
    }
    const auto all = lines_of(written);
    REQUIRE(all.size() == 2 * per_log);
    std::set<std::string> expected;
    for (int writer = 0; writer < 2; ++writer)
        for (int n = 0; n < per_log; ++n) {
            auto line = numbered_line(writer, n);
            line.pop_back();
            expected.insert(line);
        }
    // Every line one of those written, each once (a cut line is neither); on
    // failure the first stray line is shown, not all 6,000.
    const auto stray = std::find_if(all.begin(), all.end(),
                                    [&](const std::string& line) { return !expected.count(line); });
    INFO("first line not as written: " << (stray == all.end() ? std::string("none") : *stray));
    CHECK(stray == all.end());
    CHECK(std::set<std::string>(all.begin(), all.end()).size() == all.size());
}
