#include "analysis/changes.hpp"

#include <chrono>
#include <cstdio>
#include <limits>
#include <map>

namespace kolcat::analysis {

namespace {

// Reads `digits` decimal digits at `text[at]`; nullopt when any is missing.
std::optional<int> number_at(std::string_view text, std::size_t at, std::size_t digits) {
    if (at + digits > text.size()) {
        return std::nullopt;
    }
    int number = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        number = number * 10 + (text[i] - '0');
    }
    return number;
}

bool char_at(std::string_view text, std::size_t at, char expected) {
    return at < text.size() && text[at] == expected;
}

// "Z", "+HH:MM", "-HH:MM" or nothing at text[at..], as seconds east of UTC.
std::optional<std::int64_t> zone_offset(std::string_view text, std::size_t at) {
    if (at == text.size() || (at + 1 == text.size() && text[at] == 'Z')) {
        return 0;
    }
    const auto hours = number_at(text, at + 1, 2);
    const auto minutes = number_at(text, at + 4, 2);
    if ((text[at] != '+' && text[at] != '-') || !hours || !char_at(text, at + 3, ':') || !minutes ||
        at + 6 != text.size() || *hours > 23 || *minutes > 59) {
        return std::nullopt;
    }
    const std::int64_t offset = *hours * 3600 + *minutes * 60;
    return text[at] == '-' ? -offset : offset;
}

}  // namespace

std::optional<std::int64_t> parse_since(std::string_view text) {
    const auto year = number_at(text, 0, 4);
    const auto month = number_at(text, 5, 2);
    const auto day = number_at(text, 8, 2);
    if (!year || !month || !day || !char_at(text, 4, '-') || !char_at(text, 7, '-')) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{*year},
                                           std::chrono::month{static_cast<unsigned>(*month)},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    std::int64_t seconds =
        std::chrono::sys_seconds{std::chrono::sys_days{date}}.time_since_epoch().count();
    if (text.size() == 10) {
        return seconds;
    }
    const auto hour = number_at(text, 11, 2);
    const auto minute = number_at(text, 14, 2);
    if (!char_at(text, 10, 'T') || !hour || !char_at(text, 13, ':') || !minute || *hour > 23 ||
        *minute > 59) {
        return std::nullopt;
    }
    std::size_t zone_at = 16;
    int second = 0;
    if (char_at(text, 16, ':')) {
        const auto parsed = number_at(text, 17, 2);
        if (!parsed || *parsed > 59) {
            return std::nullopt;
        }
        second = *parsed;
        zone_at = 19;
    }
    const auto offset = zone_offset(text, zone_at);
    if (!offset) {
        return std::nullopt;
    }
    seconds += *hour * 3600 + *minute * 60 + second;
    return seconds - *offset;
}

std::string format_utc_time(std::int64_t seconds) {
    const std::chrono::sys_seconds time{std::chrono::seconds{seconds}};
    const auto day = std::chrono::floor<std::chrono::days>(time);
    const std::chrono::year_month_day date{day};
    const std::chrono::hh_mm_ss clock{time - day};
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<long>(clock.hours().count()),
                  static_cast<long>(clock.minutes().count()),
                  static_cast<long>(clock.seconds().count()));
    return buffer;
}

DefaultSince default_since(const catalogue::Catalogue& catalogue) {
    const auto previous = catalogue.previous_finished_run();
    if (!previous) {
        return {};
    }
    const auto since = parse_since(previous->started_at);
    if (!since) {
        throw catalogue::CatalogueError("corrupt sync run in the catalogue: started at '" +
                                        previous->started_at + "'");
    }
    return {*since, previous->started_at};
}

ChangeRecordGaps change_record_gaps(const catalogue::Catalogue& catalogue, std::int64_t since) {
    ChangeRecordGaps gaps;
    // A catalogue always holds both times (its schema upgrades set them); without one, the
    // record is simply not described.
    constexpr std::int64_t unset = std::numeric_limits<std::int64_t>::max();
    if (const auto known = catalogue.deletions_known_since(); since < known && known != unset) {
        gaps.deletions_unknown_before = known;
    }
    if (const auto known = catalogue.old_values_known_since(); since < known && known != unset) {
        gaps.old_values_unknown_before = known;
    }
    return gaps;
}

std::size_t for_each_change(const catalogue::Catalogue& catalogue,
                            const catalogue::ValueQuery& query, std::int64_t since,
                            const ChangeVisitor& visit) {
    // A few hundred units at most: their titles are looked up once each.
    std::map<std::string, std::string> unit_names;
    std::size_t count = 0;
    catalogue.for_each_value_change(query, since, [&](const catalogue::ValueChange& change) {
        auto name = unit_names.find(change.unit);
        if (name == unit_names.end()) {
            name = unit_names.emplace(change.unit, catalogue.unit_title(change.unit).value_or(""))
                       .first;
        }
        visit(change, name->second);
        ++count;
    });
    return count;
}

Changes changes_since(const catalogue::Catalogue& catalogue, const catalogue::ValueQuery& query,
                      std::int64_t since, std::size_t kept_rows) {
    Changes changes;
    changes.since = since;
    changes.gaps = change_record_gaps(catalogue, since);
    changes.total =
        for_each_change(catalogue, query, since,
                        [&](const catalogue::ValueChange& change, const std::string& unit_name) {
                            if (changes.rows.size() < kept_rows) {
                                changes.rows.push_back({change, unit_name});
                            }
                        });
    return changes;
}

}  // namespace kolcat::analysis
