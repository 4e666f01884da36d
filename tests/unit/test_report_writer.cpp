#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "cli/report_writer.hpp"
#include "tests/unit/test_compare_fixture.hpp"

using namespace kolcat::cli;

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
