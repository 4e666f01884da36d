#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "report/writer.hpp"
#include "tests/support/test_compare_fixture.hpp"

using namespace kolcat;
using namespace kolcat::report;

namespace {

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t files_in(const std::filesystem::path& folder) {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(folder),
                                                  std::filesystem::directory_iterator()));
}

}  // namespace

TEST_CASE("write_file_atomically writes the whole content and replaces an old file") {
    kolcat::test_compare::TempFolder folder;
    const auto path = folder.path() / "rapport.html";
    write_file_atomically(path, "first");
    CHECK(read_all(path) == "first");
    const std::string big(3'000'000, 'x');
    write_file_atomically(path, big);
    CHECK(read_all(path) == big);
    CHECK(files_in(folder.path()) == 1);  // no temporary file left behind
}

TEST_CASE("write_file_atomically fails cleanly and leaves nothing behind") {
    kolcat::test_compare::TempFolder folder;
    SUBCASE("a folder that does not exist") {
        const auto path = folder.path() / "missing" / "report.html";
        CHECK_THROWS_AS(write_file_atomically(path, "x"), ReportWriteError);
        CHECK_FALSE(std::filesystem::exists(path));
        CHECK(files_in(folder.path()) == 0);
    }
    SUBCASE("a path through a file") {
        write_file_atomically(folder.path() / "file", "keep");
        CHECK_THROWS_AS(write_file_atomically(folder.path() / "file" / "report.html", "x"),
                        ReportWriteError);
        CHECK(read_all(folder.path() / "file") == "keep");
        CHECK(files_in(folder.path()) == 1);
    }
    SUBCASE("the target is a folder") {
        std::filesystem::create_directory(folder.path() / "out");
        try {
            write_file_atomically(folder.path() / "out", "x");
            FAIL("writing over a folder must fail");
        } catch (const ReportWriteError& error) {
            CHECK(std::string(error.what()).find("out") != std::string::npos);
        }
        CHECK(std::filesystem::is_directory(folder.path() / "out"));
        CHECK(files_in(folder.path()) == 1);
    }
}

TEST_CASE("write_file_atomically keeps a symbolic link and the mode of the file it replaces") {
    kolcat::test_compare::TempFolder folder;
    const auto file = folder.path() / "real.html";
    const auto link = folder.path() / "link.html";
    write_file_atomically(file, "old");
    std::filesystem::permissions(file, std::filesystem::perms(0640));
    std::filesystem::create_symlink("real.html", link);
    write_file_atomically(link, "new");
    CHECK(std::filesystem::is_symlink(link));
    CHECK(read_all(file) == "new");
    CHECK(std::filesystem::status(file).permissions() == std::filesystem::perms(0640));
    CHECK(files_in(folder.path()) == 2);
}

TEST_CASE("write_file_atomically writes a FIFO in place instead of replacing it") {
    kolcat::test_compare::TempFolder folder;
    const auto fifo = folder.path() / "report.fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // A reader is there first, so that opening the FIFO for writing does not wait; the content
    // fits in the pipe's buffer.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    write_file_atomically(fifo, "<html></html>");
    char buffer[64] = {};
    const auto got = ::read(reader, buffer, sizeof buffer);
    ::close(reader);
    CHECK(std::string(buffer, got > 0 ? static_cast<std::size_t>(got) : 0) == "<html></html>");
    struct stat status{};
    REQUIRE(::lstat(fifo.c_str(), &status) == 0);
    CHECK(S_ISFIFO(status.st_mode));
    CHECK(files_in(folder.path()) == 1);
}
