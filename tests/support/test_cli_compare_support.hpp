#pragma once
// Running the real `kolcat` binary on a small synthetic catalogue, for the compare and gaps
// command tests. The curated indicators are the project's own files; the user's local file is
// kept out (XDG_CONFIG_HOME points into the test's folder).

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "curated/indicators.hpp"
#include "tests/support/test_compare_fixture.hpp"

namespace kolcat::test_compare {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

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
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs `kolcat ARGS... --catalogue CATALOGUE` and collects its output.
inline CommandResult run_kolcat_on(const std::filesystem::path& catalogue,
                                   const std::filesystem::path& folder,
                                   const std::vector<std::string>& args) {
    const auto out = folder / "stdout.txt";
    const auto err = folder / "stderr.txt";
    std::string command =
        "env -u KOLCAT_LOCAL_INDICATORS -u KOLCAT_INDICATORS_DIR "
        "-u KOLCAT_CATALOGUE XDG_CONFIG_HOME=" +
        shell_quote((folder / "config").string()) + " " + shell_quote(KOLCAT_BINARY);
    for (const auto& arg : args) {
        command += " " + shell_quote(arg);
    }
    command += " --catalogue " + shell_quote(catalogue.string()) + " >" +
               shell_quote(out.string()) + " 2>" + shell_quote(err.string());
    const int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(out);
    result.err = read_file(err);
    return result;
}

inline const curated::IndicatorSet& project_indicators() {
    static const curated::IndicatorSet set = curated::load_indicators(
        std::filesystem::path(KOLCAT_SOURCE_DIR) / "indicators", std::nullopt);
    return set;
}

}  // namespace kolcat::test_compare
