#include "sync/http/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace kolcat::http {
namespace {

// Far beyond any sane pause, yet far from overflowing any duration type.
constexpr std::int64_t saturated_seconds = 100LL * 365 * 24 * 3600;

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads exactly `width` digits at `pos`.
std::optional<int> read_digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) {
        return std::nullopt;
    }
    int result = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (!is_digit(text[i])) {
            return std::nullopt;
        }
        result = result * 10 + (text[i] - '0');
    }
    return result;
}

std::optional<std::chrono::seconds> parse_delta_seconds(std::string_view text) {
    std::int64_t seconds = 0;
    for (const char c : text) {
        if (!is_digit(c)) {
            return std::nullopt;
        }
        seconds = seconds * 10 + (c - '0');
        if (seconds > saturated_seconds) {
            return std::chrono::seconds(saturated_seconds);
        }
    }
    return std::chrono::seconds(seconds);
}

// IMF-fixdate, RFC 9110 section 5.6.7: "Sun, 06 Nov 1994 08:49:37 GMT" (exactly 29 chars).
std::optional<std::chrono::sys_seconds> parse_imf_fixdate(std::string_view text) {
    static constexpr std::array<std::string_view, 7> weekdays = {"Sun", "Mon", "Tue", "Wed",
                                                                 "Thu", "Fri", "Sat"};
    static constexpr std::array<std::string_view, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
        text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
        return std::nullopt;
    }
    const auto weekday = std::find(weekdays.begin(), weekdays.end(), text.substr(0, 3));
    const auto month = std::find(months.begin(), months.end(), text.substr(8, 3));
    const auto day = read_digits(text, 5, 2);
    const auto year = read_digits(text, 12, 4);
    const auto hour = read_digits(text, 17, 2);
    const auto minute = read_digits(text, 20, 2);
    const auto second = read_digits(text, 23, 2);
    if (weekday == weekdays.end() || month == months.end() || !day || !year || !hour || !minute ||
        !second || *hour > 23 || *minute > 59 || *second > 60) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{
        std::chrono::year{*year},
        std::chrono::month{static_cast<unsigned>(month - months.begin() + 1)},
        std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    // The weekday is redundant; a date that contradicts it is not trustworthy.
    const std::chrono::sys_days days{date};
    if (std::chrono::weekday{days}.c_encoding() !=
        static_cast<unsigned>(weekday - weekdays.begin())) {
        return std::nullopt;
    }
    return days + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
           std::chrono::seconds(std::min(*second, 59));
}

// Retry-After counts on 429 (too many requests) and 503 (unavailable), the statuses that
// RFC 9110 gives it a meaning for.
bool server_asks_for_pause(const AttemptFailure& failure) {
    return failure.kind == FailureKind::http_status &&
           (failure.http_status == 429 || failure.http_status == 503) && failure.retry_after;
}

}  // namespace

RetryPolicy::RetryPolicy(RetryOptions options, JitterSource& jitter)
    : options_(options), jitter_(jitter) {
    if (options_.max_attempts < 1) {
        throw std::invalid_argument("the retry budget needs at least one attempt");
    }
    if (options_.base_delay < Clock::duration::zero() || options_.max_delay < options_.base_delay ||
        options_.max_retry_after < Clock::duration::zero()) {
        throw std::invalid_argument("retry delays must satisfy 0 <= base <= cap");
    }
}

bool RetryPolicy::is_retryable(const AttemptFailure& failure) {
    switch (failure.kind) {
        case FailureKind::http_status:
            return failure.http_status >= 500 || failure.http_status == 408 ||
                   failure.http_status == 429;
        case FailureKind::timeout:
        case FailureKind::connection:
        case FailureKind::truncated:
        case FailureKind::invalid_json:
            return true;
        case FailureKind::too_large:
        case FailureKind::hostile_json:
        case FailureKind::other:
            return false;
    }
    return false;
}

Clock::duration RetryPolicy::backoff(int failed_attempts) {
    // base * 2^(n-1), computed in floating point so that a long run of failures cannot
    // overflow; the cap bounds it anyway.
    const int exponent = std::clamp(failed_attempts - 1, 0, 62);
    const double base = std::chrono::duration<double>(options_.base_delay).count();
    const double cap = std::chrono::duration<double>(options_.max_delay).count();
    const double ceiling = std::min(cap, base * std::ldexp(1.0, exponent));
    const double fraction = std::clamp(jitter_.next_fraction(), 0.0, 1.0);
    return std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(ceiling * fraction));
}

std::optional<Clock::duration> RetryPolicy::next_delay(const AttemptFailure& failure,
                                                       int attempts_made) {
    if (!is_retryable(failure) || attempts_made >= options_.max_attempts) {
        return std::nullopt;
    }
    if (asks_too_long(failure)) {
        return std::nullopt;
    }
    if (server_asks_for_pause(failure)) {
        return Clock::duration(*failure.retry_after);
    }
    return backoff(attempts_made);
}

bool RetryPolicy::asks_too_long(const AttemptFailure& failure) const {
    return server_asks_for_pause(failure) && *failure.retry_after > options_.max_retry_after;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
    const std::string_view text = trim(value);
    if (text.empty()) {
        return std::nullopt;
    }
    if (is_digit(text.front())) {
        return parse_delta_seconds(text);
    }
    const auto date = parse_imf_fixdate(text);
    if (!date) {
        return std::nullopt;
    }
    const auto now_seconds = std::chrono::floor<std::chrono::seconds>(now);
    if (*date <= now_seconds) {
        return std::chrono::seconds(0);
    }
    return std::min(std::chrono::seconds(saturated_seconds),
                    std::chrono::duration_cast<std::chrono::seconds>(*date - now_seconds));
}

}  // namespace kolcat::http
