#pragma once
// Running the real `kolcat` binary on a small synthetic catalogue, for the compare and gaps
// command tests. The curated indicators are the project's own files; the user's local file is
// kept out (kolcat_process.hpp's environment points XDG_CONFIG_HOME into the test's folder).

#include <optional>
#include <string>
#include <vector>

#include "curated/indicators.hpp"
#include "tests/support/kolcat_process.hpp"
#include "tests/support/test_compare_fixture.hpp"

namespace kolcat::test_compare {

using CommandResult = testing::ProcessResult;

inline std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (const char c : text) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

// The lines of a command's output, without their line ends (a CRLF's "\r" included).
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

using testing::read_text_file;

// Runs `kolcat ARGS... --catalogue CATALOGUE` and collects its output.
inline CommandResult run_kolcat_on(const std::filesystem::path& catalogue,
                                   const std::filesystem::path& folder,
                                   const std::vector<std::string>& args) {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--catalogue", catalogue.string()});
    return testing::run_kolcat(all, folder);
}

inline const curated::IndicatorSet& project_indicators() {
    static const curated::IndicatorSet set = curated::load_indicators(
        std::filesystem::path(KOLCAT_SOURCE_DIR) / "indicators", std::nullopt);
    return set;
}

}  // namespace kolcat::test_compare
