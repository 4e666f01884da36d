// The user's local notes on key figures: reading them strictly, their JSON form, and finding
// them by key figure.

#include <algorithm>
#include <nlohmann/json.hpp>

#include "curated/indicator_fields.hpp"
#include "curated/indicators.hpp"

namespace kolcat::curated {

using namespace indicator_fields;

bool is_calendar_date(std::string_view text) {
    const auto digits = [&](std::size_t from, std::size_t count) {
        int number = 0;
        for (std::size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return -1;
            }
            number = number * 10 + (text[i] - '0');
        }
        return number;
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    const int year = digits(0, 4);
    const int month = digits(5, 2);
    const int day = digits(8, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int days_in_month = month == 2 && leap ? 29 : kDays[month - 1];
    return day <= days_in_month;
}

namespace {

// A text of spaces only says nothing, so it counts as empty.
std::string said_field(const nlohmann::json& j, const char* name) {
    auto text = text_field(j, name);
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; })) {
        fail(in_quotes(name) + " must not be empty");
    }
    return text;
}

}  // namespace

void from_json(const nlohmann::json& j, Note& note) {
    require_fields(j, {"kpi", "date", "analysis", "action"});
    note.kpi = kpi_id_field(j, "kpi");
    note.date = text_field(j, "date");
    if (!is_calendar_date(note.date)) {
        fail("\"date\" must be a date written YYYY-MM-DD, e.g. \"2026-03-15\", not " +
             in_quotes(note.date.substr(0, 100)));
    }
    note.analysis = said_field(j, "analysis");
    note.action = said_field(j, "action");
}

void to_json(nlohmann::ordered_json& j, const Note& note) {
    j = {{"kpi", note.kpi},
         {"date", note.date},
         {"analysis", note.analysis},
         {"action", note.action},
         {"source", to_string(note.source)}};
}

std::vector<Note> IndicatorSet::notes_for(std::string_view kpi) const {
    std::vector<Note> found;
    std::copy_if(notes.begin(), notes.end(), std::back_inserter(found),
                 [&](const Note& note) { return note.kpi == kpi; });
    return found;
}

}  // namespace kolcat::curated
