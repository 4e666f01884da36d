#include "catalogue/year_set.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>

namespace kolcat::catalogue {

namespace {

constexpr int kOpen = std::numeric_limits<int>::min();
constexpr int kOpenEnd = std::numeric_limits<int>::max();

int first_of(const YearSpan& span) {
    return span.first.value_or(kOpen);
}
int last_of(const YearSpan& span) {
    return span.last.value_or(kOpenEnd);
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// A year of four digits at most, in 1900-2100; nothing otherwise (no sign, no spaces).
std::optional<int> year_of(std::string_view text) {
    if (text.empty() || text.size() > 4 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    int year = 0;
    std::from_chars(text.data(), text.data() + text.size(), year);
    if (year < kFirstValidYear || year > kLastValidYear) {
        return std::nullopt;
    }
    return year;
}

std::optional<YearSpan> span_of(std::string_view piece) {
    const auto dash = piece.find('-');
    if (dash == std::string_view::npos) {
        const auto year = year_of(piece);
        if (!year) {
            return std::nullopt;
        }
        return YearSpan{year, year};
    }
    const auto first_text = trimmed(piece.substr(0, dash));
    const auto last_text = trimmed(piece.substr(dash + 1));
    YearSpan span;
    if (!first_text.empty()) {
        span.first = year_of(first_text);
        if (!span.first) {
            return std::nullopt;
        }
    }
    if (!last_text.empty()) {
        span.last = year_of(last_text);
        if (!span.last) {
            return std::nullopt;
        }
    }
    if (!span.first && !span.last) {
        return std::nullopt;  // "-" alone, or "2010--2012"
    }
    if (span.first && span.last && *span.first > *span.last) {
        return std::nullopt;
    }
    return span;
}

}  // namespace

YearSyntaxError::YearSyntaxError(const std::string& text)
    : std::invalid_argument("invalid year '" + text +
                            "': use 2015, 2010-2023, 2010-, -2015 or a list such as "
                            "2015,2020,2022-2023 (years " +
                            std::to_string(kFirstValidYear) + " to " +
                            std::to_string(kLastValidYear) + ")") {}

YearSet::YearSet(std::vector<YearSpan> spans) {
    std::sort(spans.begin(), spans.end(), [](const YearSpan& a, const YearSpan& b) {
        return first_of(a) != first_of(b) ? first_of(a) < first_of(b) : last_of(a) < last_of(b);
    });
    for (const YearSpan& span : spans) {
        // Touching spans merge: 2010-2012 and 2013 are 2010-2013.
        if (!spans_.empty() &&
            (last_of(spans_.back()) == kOpenEnd || first_of(span) <= last_of(spans_.back()) + 1)) {
            if (last_of(span) > last_of(spans_.back())) {
                spans_.back().last = span.last;
            }
            continue;
        }
        spans_.push_back(span);
    }
}

bool YearSet::contains(int year) const {
    return std::any_of(spans_.begin(), spans_.end(), [year](const YearSpan& span) {
        return first_of(span) <= year && year <= last_of(span);
    });
}

std::optional<int> YearSet::single_year() const {
    if (spans_.size() == 1 && spans_.front().first && spans_.front().first == spans_.front().last) {
        return spans_.front().first;
    }
    return std::nullopt;
}

std::optional<int> YearSet::lowest() const {
    return spans_.empty() ? std::nullopt : spans_.front().first;
}

std::optional<int> YearSet::highest() const {
    return spans_.empty() ? std::nullopt : spans_.back().last;
}

std::optional<int> YearSet::latest_of(const std::vector<int>& years) const {
    std::optional<int> latest;
    for (const int year : years) {
        if (contains(year) && (!latest || year > *latest)) {
            latest = year;
        }
    }
    return latest;
}

std::vector<int> YearSet::resolve(int earliest, int latest) const {
    std::set<int> years;
    for (const YearSpan& span : spans_) {
        const int first = span.first.value_or(earliest);
        const int last = span.last.value_or(latest);
        for (int year = first; year <= last; ++year) {
            years.insert(year);
        }
    }
    return {years.begin(), years.end()};
}

std::string YearSet::text() const {
    std::string out;
    for (const YearSpan& span : spans_) {
        if (!out.empty()) {
            out += ',';
        }
        if (span.first && span.first == span.last) {
            out += std::to_string(*span.first);
            continue;
        }
        out += span.first ? std::to_string(*span.first) : "";
        out += '-';
        out += span.last ? std::to_string(*span.last) : "";
    }
    return out;
}

YearSet parse_year_set(std::string_view text) {
    std::vector<YearSpan> spans;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        const auto piece = trimmed(text.substr(
            start, comma == std::string_view::npos ? text.size() - start : comma - start));
        const auto span = span_of(piece);
        if (!span) {
            throw YearSyntaxError(std::string(text));
        }
        spans.push_back(*span);
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return YearSet(std::move(spans));
}

}  // namespace kolcat::catalogue
