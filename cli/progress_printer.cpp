#include "cli/progress_printer.hpp"

#include <cstdio>
#include <utility>

#include "cli/output/time_text.hpp"

namespace kolcat::cli {

ProgressPrinter::ProgressPrinter(std::string label, bool enabled, bool quiet)
    : label_(std::move(label)), enabled_(enabled), quiet_(quiet) {}

ProgressPrinter::~ProgressPrinter() {
    clear();
}

std::string group_digits(long long number) {
    std::string digits = std::to_string(number < 0 ? -number : number);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
        digits.insert(static_cast<std::size_t>(at), " ");
    }
    return (number < 0 ? "-" : "") + digits;
}

void ProgressPrinter::update(const sync::SyncProgress& progress) {
    if (!enabled_) {
        return;
    }
    // Redrawing more than ~10 times a second only costs time.
    const auto now = std::chrono::steady_clock::now();
    if (progress.phase != sync::SyncPhase::finished && line_drawn_ &&
        now - last_draw_ < std::chrono::milliseconds(100)) {
        return;
    }
    last_draw_ = now;
    std::string line = label_ + ": ";
    if (progress.phase == sync::SyncPhase::metadata) {
        line += "metadata (" + progress.detail + ")";
    } else {
        line += "segment " + std::to_string(progress.segments_done) + "/" +
                std::to_string(progress.segments_total);
    }
    line += " | " + group_digits(progress.requests) + " requests | " +
            group_digits(progress.values) + " values";
    if (progress.eta_seconds) {
        line +=
            " | ETA " +
            describe_duration(std::chrono::seconds(static_cast<long long>(*progress.eta_seconds)));
    }
    draw(line);
}

void ProgressPrinter::notice(const http::RetryNotice& notice) {
    if (quiet_ && notice.delay < long_pause) {
        return;
    }
    clear();
    std::fprintf(stderr, "%s: %s\n", label_.c_str(), notice.message().c_str());
}

void ProgressPrinter::draw(const std::string& line) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
    line_drawn_ = true;
}

void ProgressPrinter::clear() {
    if (enabled_ && line_drawn_) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        line_drawn_ = false;
    }
}

}  // namespace kolcat::cli
