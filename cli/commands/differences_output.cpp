// kolcat differences' answer as text, markdown and CSV: the judged key figures, those that
// cannot be judged, the user's notes and the legend of the flags.

#include "cli/commands/differences_output.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/not_synced.hpp"

namespace kolcat::cli {
namespace {

std::string behind_text(const std::optional<analysis::Behind>& behind) {
    if (!behind) {
        return {};
    }
    return *behind == analysis::Behind::not_judged ? "not judged" : std::string(to_string(*behind));
}

std::string flags_text(const analysis::DifferenceRow& row, const char* separator) {
    std::string text;
    for (const analysis::DifferenceFlag flag : row.flags) {
        text += (text.empty() ? "" : separator) + std::string(to_string(flag));
    }
    return text;
}

// Decimals for the human formats, per row (key figures differ in scale): enough to tell small
// values apart, one for large ones, as compare shows them. CSV and JSON keep every digit.
int row_decimals(const analysis::DifferenceRow& row) {
    double largest = 0;
    for (const auto& value : {row.k, row.m}) {
        if (value && std::isfinite(*value)) {
            largest = std::max(largest, std::abs(*value));
        }
    }
    if (largest >= 10 || largest == 0) {
        return 1;
    }
    return largest >= 1 ? 2 : 3;
}

std::optional<double> rounded(const std::optional<double>& value, int decimals) {
    if (!value || !std::isfinite(*value)) {
        return value;
    }
    const double scale = std::pow(10.0, decimals);
    return std::round(*value * scale) / scale;
}

Cell year_cell(const std::optional<int>& year) {
    return year ? Cell(std::to_string(*year)) : Cell(Missing{});
}

// A value of the focus: "not synced" when it was never fetched, so that it never reads as a
// value Kolada lacks.
Cell focus_cell(const analysis::DifferenceRow& row, const std::optional<double>& value) {
    return row.synced ? cell(value) : Cell(std::string(analysis::kNotSyncedText));
}

// A number of the human formats, rounded to the row's decimals.
Cell shown_cell(const analysis::DifferenceRow& row, const std::optional<double>& value) {
    return cell(rounded(value, row_decimals(row)));
}

Cell percent_cell(const std::optional<double>& share) {
    return share ? Cell(*share * 100.0) : Cell(Missing{});
}

std::string note_text(const curated::Note& note) {
    return note.date + ": " + note.analysis + " Action: " + note.action;
}

// Why a key figure cannot be judged, beyond its verdict.
std::string unjudged_reason(const analysis::DifferenceRow& row) {
    if (!row.synced) {
        return row.focus_unit + " not synced";
    }
    if (!row.period) {
        return "no value for " + row.focus_unit;
    }
    if (row.k || row.m) {
        return std::string("no ") + (row.k ? "M" : "K") + " value in " +
               std::to_string(*row.period);
    }
    return "no K or M value in " + std::to_string(*row.period);
}

// --- table and markdown ---

Table judged_table(const std::vector<const analysis::DifferenceRow*>& rows) {
    Table table;
    table.columns = {{"kpi", Align::left, {}},         {"title", Align::left, {}, 40},
                     {"year", Align::right, {}},       {"K", Align::right, {}},
                     {"M", Align::right, {}},          {"K−M", Align::right, {}},
                     {"K/M", Align::right, 2},         {"rel. gap %", Align::right, 1},
                     {"behind", Align::left, {}},      {"Δ(K−M)", Align::right, {}},
                     {"since", Align::right, {}},      {"Riket K−M", Align::right, {}},
                     {"median K−M", Align::right, {}}, {"flags", Align::left, {}}};
    for (const analysis::DifferenceRow* row : rows) {
        const int decimals = row_decimals(*row);
        table.add_row({row->kpi, row->title, year_cell(row->period),
                       focus_cell(*row, rounded(row->k, decimals)),
                       focus_cell(*row, rounded(row->m, decimals)),
                       focus_cell(*row, rounded(row->gap, decimals)), focus_cell(*row, row->ratio),
                       percent_cell(row->relative_gap), behind_text(row->behind),
                       shown_cell(*row, row->gap_change), year_cell(row->base_year),
                       row->riket_synced ? shown_cell(*row, row->riket_gap)
                                         : Cell(std::string(analysis::kNotSyncedText)),
                       shown_cell(*row, row->median_gap), flags_text(*row, ", ")});
    }
    return table;
}

Table unjudged_table(const std::vector<const analysis::DifferenceRow*>& rows) {
    Table table;
    table.columns = {{"kpi", Align::left, {}},
                     {"title", Align::left, {}, 40},
                     {"year", Align::right, {}},
                     {"verdict", Align::left, {}},
                     {"why", Align::left, {}}};
    for (const analysis::DifferenceRow* row : rows) {
        table.add_row({row->kpi, row->title, year_cell(row->period),
                       row->verdict ? Cell(std::string(to_string(*row->verdict))) : Cell(Missing{}),
                       unjudged_reason(*row)});
    }
    return table;
}

std::string headline(const analysis::DifferencesRequest& request, const std::string& focus_title,
                     bool markdown) {
    std::string text =
        std::string(markdown ? "**" : "") + "Where do women's and men's outcomes differ most? " +
        (focus_title.empty() ? request.focus : focus_title + " (" + request.focus + ")") +
        (markdown ? "**" : "") + "\n";
    if (markdown) {
        text += "\n";
    }
    text +=
        "Gap = K (women) − M (men) in the latest year with a value for the focus (K-type key "
        "figures: its county group); compared with Riket and " +
        std::to_string(std::count_if(request.against.begin(), request.against.end(),
                                     [&](const std::string& id) { return id != request.focus; })) +
        " --against units besides the focus; Δ(K−M): the gap's change over the last " +
        std::to_string(request.trend_years) + " years, since the base year.\n";
    return text;
}

std::string legend(bool markdown) {
    const std::string bullet = markdown ? "- " : "  ";
    return std::string(
               "Sorted by |relative gap|, largest first: relative gap = (K−M) / ((|K|+|M|)/2).\n") +
           (markdown ? "\n" : "") +
           "Flags (gaps compared by absolute size; equal is not larger):\n" +
           (markdown ? "\n" : "") + bullet + "widening: |K−M| is larger than in the base year\n" +
           bullet + "larger_than_riket: |K−M| is larger than Riket's\n" + bullet +
           "larger_than_most: |K−M| is larger than for at least 3 in 4 of the compared units with "
           "a gap (at least 4 of them)\n" +
           bullet + "reversed: K−M and Riket's K−M are non-zero with opposite signs\n" + bullet +
           "behind: by the curated direction; 'not judged' for neutral key figures\n";
}

std::string notes_block(const std::vector<analysis::DifferenceRow>& rows, bool markdown) {
    std::string text;
    for (const auto& row : rows) {
        for (const curated::Note& note : row.notes) {
            text += (markdown ? "- " : "  ") + row.kpi + " " + note_text(note) + " (" +
                    to_string(note.source) + ")\n";
        }
    }
    if (text.empty()) {
        return text;
    }
    return std::string(markdown ? "\n### " : "\n") + "Your notes\n" + (markdown ? "\n" : "") + text;
}

}  // namespace

std::string render_differences_text(const std::vector<analysis::DifferenceRow>& rows,
                                    const analysis::DifferencesRequest& request,
                                    const std::string& focus_title, const RenderOptions& options) {
    const bool markdown = options.format == OutputFormat::markdown;
    std::vector<const analysis::DifferenceRow*> judged;
    std::vector<const analysis::DifferenceRow*> unjudged;
    for (const auto& row : rows) {
        (row.judged ? judged : unjudged).push_back(&row);
    }
    std::string out = headline(request, focus_title, markdown);
    out += markdown ? "\n" : "\n";
    if (judged.empty()) {
        out += request.flags.empty() ? "No key figure can be judged.\n"
                                     : "No key figure has the flags asked for.\n";
    } else {
        out += render(judged_table(judged), options);
    }
    if (!unjudged.empty()) {
        out += std::string(markdown ? "\n### " : "\n") + "Cannot be judged: no K and M value for " +
               "the focus (" + std::to_string(unjudged.size()) + "); the verdict is kolcat gaps'\n";
        if (markdown) {
            out += "\n";
        }
        out += render(unjudged_table(unjudged), options);
    }
    out += notes_block(rows, markdown);
    out += "\n" + legend(markdown);
    return out;
}

// --- CSV: one row per key figure ---

Table differences_csv_table(const std::vector<analysis::DifferenceRow>& rows) {
    Table table;
    for (const char* name : {"kpi",
                             "title",
                             "period",
                             "K",
                             "M",
                             "gap",
                             "ratio",
                             "relative_gap",
                             "behind",
                             "gap_change",
                             "base_year",
                             "riket_gap",
                             "median_gap",
                             "flags",
                             "judged",
                             "verdict",
                             "direction",
                             "focus",
                             "synced",
                             "riket_synced",
                             "units_compared",
                             "units_with_gap",
                             "notes"}) {
        table.columns.push_back({name, Align::left, {}});
    }
    for (const auto& row : rows) {
        std::string notes;
        for (const curated::Note& note : row.notes) {
            notes += (notes.empty() ? "" : " | ") + note_text(note);
        }
        table.add_row({row.kpi,
                       row.title,
                       year_cell(row.period),
                       cell(row.k),
                       cell(row.m),
                       cell(row.gap),
                       cell(row.ratio),
                       cell(row.relative_gap),
                       row.behind ? Cell(std::string(to_string(*row.behind))) : Cell(Missing{}),
                       cell(row.gap_change),
                       year_cell(row.base_year),
                       cell(row.riket_gap),
                       cell(row.median_gap),
                       flags_text(row, " "),
                       row.judged,
                       row.verdict ? Cell(std::string(to_string(*row.verdict))) : Cell(Missing{}),
                       std::string(curated::to_string(row.direction)),
                       row.focus_unit,
                       row.synced,
                       row.riket_synced,
                       std::int64_t{row.units_compared},
                       std::int64_t{row.units_with_gap},
                       notes});
    }
    return table;
}

}  // namespace kolcat::cli
