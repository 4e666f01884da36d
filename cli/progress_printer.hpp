#pragma once
// Renders sync progress on one terminal line (requests, values, ETA), rewritten in place.
// Silent when stderr is not a terminal or with --quiet: logs and pipes get only the summary.

#include <chrono>
#include <string>

#include "sync/http/http_json_fetcher.hpp"
#include "sync/kolada/progress.hpp"

namespace kolcat::cli {

class ProgressPrinter {
  public:
    // `enabled`: the progress line (a terminal, not --quiet). Retry notices are printed as
    // lines on stderr even without a terminal, since a sync that pauses for minutes without a
    // word looks hung; with `quiet`, only pauses of long_pause or more.
    // `label` starts every line: the command at work ("sync", "verify").
    ProgressPrinter(std::string label, bool enabled, bool quiet = false);
    static constexpr std::chrono::seconds long_pause{30};
    ~ProgressPrinter();

    void update(const sync::SyncProgress& progress);
    void notice(const http::RetryNotice& notice);
    // Clears the progress line, so that the next output starts on a clean line.
    void clear();

  private:
    void draw(const std::string& line);

    std::string label_;
    bool enabled_;
    bool quiet_;
    bool line_drawn_ = false;
    std::chrono::steady_clock::time_point last_draw_{};
};

// "1 234 567": digit groups make large counts readable at a glance.
std::string group_digits(long long number);

}  // namespace kolcat::cli
