// Where kolcat looks for the curated set, and in which order: the named folder alone, the source
// tree only for a binary in its build tree, then the set installed beside the binary, then the
// XDG data folders. The folders are made in a scratch folder, so no installed set can interfere.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/curated_location.hpp"
#include "curated/indicators.hpp"
#include "tests/support/test_compare_fixture.hpp"

using namespace kolcat;
using namespace kolcat::catalogue;
using namespace kolcat::curated;

using kolcat::cli::curated_candidates;
using kolcat::cli::CuratedSearch;
using kolcat::cli::locate_curated_dir;
using kolcat::curated::IndicatorsReadError;
namespace fs = std::filesystem;

namespace {

// A scratch folder laid out like a checkout with its build tree, an install prefix and two XDG
// data folders. Nothing holds a curated set until a test adds one with `add_set`.
struct Layout {
    kolcat::test_compare::TempFolder folder;
    fs::path root = folder.path();
    fs::path source = root / "src" / "indicators";
    fs::path build = root / "src" / "build";
    fs::path build_binary = build / "cli" / "kolcat";
    fs::path prefix = root / "prefix";
    fs::path installed_binary = prefix / "bin" / "kolcat";
    fs::path installed = prefix / "share" / "kolcat" / "indicators";
    fs::path xdg_home = root / "home" / ".local" / "share";
    fs::path xdg_system = root / "usr" / "share";

    CuratedSearch search(const fs::path& executable) const {
        CuratedSearch result;
        result.executable = executable;
        result.build_dir = build;
        result.source_dir = source;
        result.data_dirs = {xdg_home, xdg_system};
        return result;
    }
    static void add_set(const fs::path& dir) {
        fs::create_directories(dir);
        std::ofstream(dir / "kpis.json") << "[]\n";
    }
};

}  // namespace

TEST_CASE("curated location: a binary in its build tree reads the source tree's set first") {
    Layout layout;
    for (const auto& dir : {layout.source, layout.installed, layout.xdg_home / "kolcat/indicators",
                            layout.xdg_system / "kolcat/indicators"}) {
        Layout::add_set(dir);
    }
    const auto search = layout.search(layout.build_binary);
    CHECK(curated_candidates(search) ==
          std::vector<fs::path>{layout.source, layout.build / "share/kolcat/indicators",
                                layout.xdg_home / "kolcat/indicators",
                                layout.xdg_system / "kolcat/indicators"});
    CHECK(locate_curated_dir(search) == layout.source);
}

TEST_CASE("curated location: an installed binary never reads the source tree") {
    Layout layout;
    Layout::add_set(layout.source);
    const auto search = layout.search(layout.installed_binary);
    const auto candidates = curated_candidates(search);
    CHECK(candidates == std::vector<fs::path>{layout.installed,
                                              layout.xdg_home / "kolcat/indicators",
                                              layout.xdg_system / "kolcat/indicators"});
    // The source tree holds a set, and still the look-up fails.
    CHECK_THROWS_AS(locate_curated_dir(search), curated::IndicatorsReadError);

    // A folder whose name merely starts like the build tree's is not inside it.
    const auto beside = layout.search(layout.root / "src" / "build2" / "kolcat");
    CHECK(curated_candidates(beside).front() == layout.root / "src/share/kolcat/indicators");
}

TEST_CASE("curated location: the set beside the binary, then the XDG data folders in order") {
    Layout layout;
    const auto search = layout.search(layout.installed_binary);
    Layout::add_set(layout.xdg_system / "kolcat/indicators");
    CHECK(locate_curated_dir(search) == layout.xdg_system / "kolcat/indicators");
    Layout::add_set(layout.xdg_home / "kolcat/indicators");
    CHECK(locate_curated_dir(search) == layout.xdg_home / "kolcat/indicators");
    Layout::add_set(layout.installed);
    CHECK(locate_curated_dir(search) == layout.installed);

    // A folder without kpis.json does not count.
    fs::remove(layout.installed / "kpis.json");
    CHECK(locate_curated_dir(search) == layout.xdg_home / "kolcat/indicators");
}

TEST_CASE("curated location: a named folder is the only one, whether it exists or not") {
    Layout layout;
    Layout::add_set(layout.source);
    Layout::add_set(layout.installed);
    auto search = layout.search(layout.build_binary);
    search.named_dir = layout.root / "missing";
    CHECK(curated_candidates(search) == std::vector<fs::path>{layout.root / "missing"});
    CHECK(locate_curated_dir(search) == layout.root / "missing");
}

TEST_CASE("curated location: no set anywhere is one line naming every folder tried") {
    Layout layout;
    const auto search = layout.search(layout.installed_binary);
    try {
        (void)locate_curated_dir(search);
        FAIL("no error");
    } catch (const curated::IndicatorsReadError& error) {
        const std::string message = error.what();
        CAPTURE(message);
        CHECK(message.find('\n') == std::string::npos);
        for (const auto& candidate : curated_candidates(search)) {
            CHECK(message.find(candidate.string()) != std::string::npos);
        }
        CHECK(message.find("KOLCAT_INDICATORS_DIR") != std::string::npos);
        CHECK(message.find(layout.source.string()) == std::string::npos);
    }
}

TEST_CASE("curated location: each folder once, relative data folders and executables ignored") {
    Layout layout;
    CuratedSearch search;
    search.executable = "/usr/bin/kolcat";
    search.build_dir = layout.build;
    search.source_dir = layout.source;
    search.data_dirs = {"relative/share", "/usr/local/share", "/usr/share/", "/usr/share"};
    CHECK(curated_candidates(search) ==
          std::vector<fs::path>{"/usr/share/kolcat/indicators",
                                "/usr/local/share/kolcat/indicators"});

    search.executable = "kolcat";  // no /proc: only the data folders remain
    search.data_dirs = {"/opt/share"};
    CHECK(curated_candidates(search) == std::vector<fs::path>{"/opt/share/kolcat/indicators"});
}
