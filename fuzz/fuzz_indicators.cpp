// libFuzzer target: any bytes as one of the curated indicators files. The first byte picks the
// file (0 goals.json, 1 kpis.json, 2 region_sets.json, otherwise the user's local file); the
// rest replaces it in a private, trimmed copy of indicators/, then load_indicators reads the set.
// Every refusal must be an IndicatorsError; any other exception, a crash, a sanitizer report, a
// hang or a runaway allocation is a finding.

#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "curated/indicators.hpp"

namespace {

constexpr std::array<const char*, 3> project_files = {"goals.json", "kpis.json",
                                                      "region_sets.json"};

void write_file(const std::filesystem::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The project's file, cut to a few entries per list (those the seeds' local files name kept):
// every input is loaded together with the other files, and parsing all 34 KB of them each time
// would slow the fuzzer down several times.
std::string trimmed(const std::string& text) {
    const std::set<std::string> keep = {"N00945", "N05815", "N00923", "north"};
    nlohmann::json root = nlohmann::json::parse(text);
    for (auto& [name, list] : root.items()) {
        nlohmann::json kept = nlohmann::json::array();
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto& entry = list[i];
            const auto id = entry.value("id", entry.value("name", std::string()));
            if (i < 4 || keep.count(id) != 0) {
                kept.push_back(entry);
            }
        }
        list = std::move(kept);
    }
    return root.dump(1);  // one member per line, so that line numbers matter
}

// A trimmed copy of the project's indicators in a folder of this process (in memory when
// /dev/shm exists), made once.
struct Workspace {
    std::filesystem::path dir;
    std::array<std::string, 3> originals;
    std::filesystem::path local;

    Workspace() {
        const std::filesystem::path base = std::filesystem::exists("/dev/shm")
                                               ? "/dev/shm"
                                               : std::filesystem::temp_directory_path();
        dir = base / ("kolcat-fuzz-indicators-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        for (std::size_t i = 0; i < project_files.size(); ++i) {
            originals[i] = trimmed(
                read_file(std::filesystem::path(KOLCAT_INDICATORS_SOURCE_DIR) / project_files[i]));
            write_file(dir / project_files[i], originals[i]);
        }
        local = dir / "indicators.local.json";
    }
    ~Workspace() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

Workspace& workspace() {
    static Workspace instance;
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    Workspace& space = workspace();
    const std::size_t role = data[0] < project_files.size() ? data[0] : project_files.size();
    const std::string_view content(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::filesystem::path target =
        role < project_files.size() ? space.dir / project_files[role] : space.local;
    write_file(target, content);
    try {
        const kolcat::curated::IndicatorSet set = kolcat::curated::load_indicators(
            space.dir, role < project_files.size()
                           ? std::nullopt
                           : std::optional<std::filesystem::path>(space.local));
        (void)kolcat::curated::sync_kpi_ids(set);
    } catch (const kolcat::curated::IndicatorsError&) {
    }
    if (role < project_files.size()) {
        write_file(target, space.originals[role]);
    }
    return 0;
}
