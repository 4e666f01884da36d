// `kolcat indicators check` and its input files: the README's example local file passes the
// check, and a file that cannot be read is an I/O error (exit 4), not "problems found" (6).

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/temp_folder.hpp"
#include "tests/support/test_cli_compare_support.hpp"

namespace kolcat {
namespace {

namespace fs = std::filesystem;
using test_compare::CommandResult;
using test_compare::lines_of;
using test_compare::read_text_file;
using test_compare::shell_quote;

const fs::path fixture_metadata =
    fs::path(KOLCAT_FIXTURES_DIR) / "indicators" / "metadata" / "kpi.json";

using TempFolder = kolcat::testing::TempFolder;

// `kolcat indicators check ARGS...` with the project's curated files and, when given, a local
// file in $KOLCAT_LOCAL_INDICATORS; no catalogue exists.
CommandResult check(const TempFolder& folder, const std::vector<std::string>& args,
                    const std::string& local_file = "") {
    testing::SpawnOptions options;
    if (!local_file.empty()) {
        options.env.push_back("KOLCAT_LOCAL_INDICATORS=" + local_file);
    }
    std::vector<std::string> all{"indicators", "check", "--catalogue",
                                 (folder.path() / "none.sqlite").string()};
    all.insert(all.end(), args.begin(), args.end());
    return testing::run_kolcat(all, folder.path(), options);
}

// The first ```json block of the README's section "## Your own key figures".
std::string readme_local_file_example() {
    const std::string readme = read_text_file(fs::path(KOLCAT_SOURCE_DIR) / "README.md");
    const auto section = readme.find("\n## Your own key figures\n");
    REQUIRE_MESSAGE(section != std::string::npos,
                    "README.md has no section 'Your own key figures'");
    const std::string fence = "```json\n";
    const auto start = readme.find(fence, section);
    const auto next_section = readme.find("\n## ", section + 1);
    REQUIRE(start != std::string::npos);
    REQUIRE(start < next_section);
    const auto end = readme.find("\n```", start + fence.size());
    REQUIRE(end != std::string::npos);
    return readme.substr(start + fence.size(), end + 1 - start - fence.size());
}

}  // namespace

TEST_CASE("indicators check: the README's example local file is valid") {
    TempFolder folder;
    const auto example = folder.path() / "indicators.local.json";
    {
        std::ofstream file(example, std::ios::binary);
        file << readme_local_file_example();
    }
    // The example adds a key figure of its own: it is really read, not skipped.
    CHECK(read_text_file(example).find("\"kpis\"") != std::string::npos);

    const auto fixture = check(folder, {"--kpi-json", fixture_metadata.string()}, example.string());
    CHECK_MESSAGE(fixture.exit_code == 0, (fixture.out + fixture.err));
    CHECK(fixture.out.rfind("OK: ", 0) == 0);
    const auto without = check(folder, {"--kpi-json", fixture_metadata.string()});
    REQUIRE(without.exit_code == 0);
    // "OK: N key figures, ...": the example's own key figure is one more than the curated.
    const auto count = [](const std::string& out) { return std::stoi(out.substr(4)); };
    CHECK(count(fixture.out) == count(without.out) + 1);

    const fs::path snapshot = fs::path(KOLCAT_SNAPSHOT_DIR) / "kpi.json";
    if (!fs::exists(snapshot)) {
        MESSAGE("skipped the check against the Kolada snapshot: no " << snapshot.string());
        return;
    }
    const auto real = check(folder, {"--kpi-json", snapshot.string()}, example.string());
    CHECK_MESSAGE(real.exit_code == 0, (real.out + real.err));
}

TEST_CASE("indicators check: an input file that cannot be read is an I/O error, exit 4") {
    TempFolder folder;
    SUBCASE("--kpi-json names no file") {
        const auto result = check(folder, {"--kpi-json", "/nonexistent/kpi.json"});
        CHECK(result.exit_code == 4);
        CHECK(lines_of(result.err).size() == 1);
        CHECK(result.err.find("/nonexistent/kpi.json") != std::string::npos);
        CHECK(result.out.empty());
    }
    SUBCASE("--kpi-json names a folder") {
        const auto result = check(folder, {"--kpi-json", folder.path().string()});
        CHECK(result.exit_code == 4);
        CHECK(lines_of(result.err).size() == 1);
    }
    SUBCASE("$KOLCAT_LOCAL_INDICATORS names no file") {
        const auto result = check(folder, {"--kpi-json", fixture_metadata.string()},
                                  (folder.path() / "missing.json").string());
        CHECK(result.exit_code == 4);
        CHECK(lines_of(result.err).size() == 1);
        CHECK(result.err.find("missing.json") != std::string::npos);
    }
    SUBCASE("a malformed file is still a problem found, exit 6") {
        const auto broken = folder.path() / "kpi.json";
        {
            std::ofstream file(broken);
            file << "{\"values\": [";
        }
        const auto result = check(folder, {"--kpi-json", broken.string()});
        CHECK(result.exit_code == 6);
    }
}

}  // namespace kolcat
