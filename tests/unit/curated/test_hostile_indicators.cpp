// Hostile indicators files: the curated files and, above all, the user's local file
// are read from disk. Whatever they hold, load_indicators answers with one IndicatorsError
// "FILE:LINE[:COLUMN]: reason", never a crash. Regression tests for the fuzzer's findings
// (bench/FUZZING.md) live here.

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "curated/indicators.hpp"

using namespace kolcat;
namespace fs = std::filesystem;

namespace {

// A copy of the project's indicators/ in a fresh folder, removed at the end.
class IndicatorsCopy {
  public:
    IndicatorsCopy() {
        static std::atomic<int> counter{0};
        dir_ =
            fs::temp_directory_path() / ("kolcat-hostile-indicators-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        for (const char* name : {"goals.json", "kpis.json", "region_sets.json"}) {
            fs::copy_file(fs::path(KOLCAT_SOURCE_DIR) / "indicators" / name, dir_ / name);
        }
    }
    ~IndicatorsCopy() {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }
    IndicatorsCopy(const IndicatorsCopy&) = delete;
    IndicatorsCopy& operator=(const IndicatorsCopy&) = delete;

    const fs::path& dir() const { return dir_; }
    fs::path local() const { return dir_ / "indicators.local.json"; }

    void write(const std::string& name, const std::string& text) const {
        std::ofstream out(dir_ / name, std::ios::binary | std::ios::trunc);
        out << text;
    }

    // The error of loading the set (with the local file when it exists), or "(loaded)".
    std::string load_error() const {
        try {
            curated::load_indicators(
                dir_, fs::exists(local()) ? std::optional<fs::path>(local()) : std::nullopt);
        } catch (const curated::IndicatorsError& error) {
            return error.what();
        }
        return "(loaded)";
    }

  private:
    fs::path dir_;
};

std::string nested_arrays(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("hostile indicators: the project's files load as they are") {
    IndicatorsCopy copy;
    CHECK(copy.load_error() == "(loaded)");
}

TEST_CASE("hostile indicators: 100 000 levels of nesting are refused, not a stack overflow") {
    IndicatorsCopy copy;
    SUBCASE("an entry of the local file (it used to be copied recursively)") {
        copy.write("indicators.local.json", R"({"kpis": [)" + nested_arrays(100'000) + "]}");
        const auto message = copy.load_error();
        CAPTURE(message);
        CHECK(message.starts_with(copy.local().string() + ":1:"));
        CHECK(message.find("nested deeper than") != std::string::npos);
    }
    SUBCASE("a local entry's override") {
        copy.write("indicators.local.json",
                   R"({"kpis": [{"id": "N00945", "override": )" + nested_arrays(100'000) + "}]}");
        CHECK(copy.load_error().find("nested deeper than") != std::string::npos);
    }
    SUBCASE("a region set of the local file") {
        copy.write("indicators.local.json",
                   "{\n\"region_sets\": [\n" + nested_arrays(100'000) + "]}");
        const auto message = copy.load_error();
        CHECK(message.starts_with(copy.local().string() + ":3:"));
        CHECK(message.find("nested deeper than") != std::string::npos);
    }
    SUBCASE("a project file") {
        copy.write("kpis.json",
                   R"({"kpis": [{"id": "N00945", "goals": )" + nested_arrays(100'000) + "}]}");
        const auto message = copy.load_error();
        CHECK(message.starts_with((copy.dir() / "kpis.json").string() + ":1:"));
        CHECK(message.find("nested deeper than") != std::string::npos);
    }
    SUBCASE("only openers: a file cut off") {
        copy.write("indicators.local.json", std::string(100'000, '{'));
        CHECK(copy.load_error().find(copy.local().string() + ":1:") == 0);
    }
}

TEST_CASE("hostile indicators: odd bytes and huge texts give one located error") {
    IndicatorsCopy copy;
    SUBCASE("invalid UTF-8") {
        copy.write("indicators.local.json", "{\"kpis\": [{\"id\": \"N\xff\xfe\"}]}");
        const auto message = copy.load_error();
        CAPTURE(message);
        CHECK(message.starts_with(copy.local().string() + ":1:"));
        CHECK(message.find("invalid JSON") != std::string::npos);
    }
    SUBCASE("NUL bytes") {
        // In a string: a control character JSON forbids.
        copy.write("indicators.local.json", std::string("{\"kpis\": [{\"id\": \"N\0\"}]}", 24));
        CHECK(copy.load_error().starts_with(copy.local().string() + ":1:"));
        // Between tokens: nlohmann takes NUL as the end of the text, which is then incomplete.
        copy.write("indicators.local.json", std::string("{\"kpis\": \0[]}", 13));
        CHECK(copy.load_error().starts_with(copy.local().string() + ":1:"));
    }
    SUBCASE("a 10 MB rationale") {
        copy.write("indicators.local.json",
                   R"({"kpis": [{"id": "U01413", "goals": [1], "targets": ["5.5"], "level": "both",
                       "direction": "neutral", "breakdown": "values", "rationale": ")" +
                       std::string(10 * 1024 * 1024, 'x') + "\"}]}");
        const auto message = copy.load_error();
        CAPTURE(message.substr(0, 300));
        // Either refused or loaded, but never a crash, and never echoed whole.
        CHECK(message.size() < 1000);
    }
    SUBCASE("a file over 16 MiB") {
        copy.write("indicators.local.json",
                   R"({"kpis": [], "pad": ")" + std::string(17 * 1024 * 1024, ' ') + "\"}");
        CHECK(copy.load_error().find("the file is too large") != std::string::npos);
    }
    SUBCASE("a number beyond double's range") {
        copy.write("indicators.local.json", R"({"kpis": [{"id": "N00945", "goals": [1e999]}]})");
        CHECK(copy.load_error() ==
              copy.local().string() + ": invalid JSON: number overflow parsing '1e999'");
    }
    SUBCASE("a 1 MB field name, in an entry and at the top") {
        const std::string name(1024 * 1024, 'k');
        copy.write("indicators.local.json", R"({"kpis": [{")" + name + R"(": 1}]})");
        const auto in_entry = copy.load_error();
        CHECK(in_entry.find("unknown field") != std::string::npos);
        CHECK(in_entry.size() < 1000);
        copy.write("indicators.local.json", R"({")" + name + R"(": 1})");
        const auto at_top = copy.load_error();
        CHECK(at_top.find("unknown top-level member") != std::string::npos);
        CHECK(at_top.size() < 1000);
    }
    SUBCASE("a goal number beyond int") {
        copy.write(
            "indicators.local.json",
            R"({"kpis": [{"id": "N00945", "override": "extend", "goals": [18446744073709551615]}]})");
        CHECK(copy.load_error().starts_with(copy.local().string() + ":1"));
    }
}
