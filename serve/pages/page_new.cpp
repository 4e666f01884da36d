// The "what is new" page: the values published, revised or deleted since a date, old and new
// side by side: "since our last meeting". The rows are analysis::changes_since's, the query
// `kolcat changes` prints, so the page and the command agree; only the first kMaxRows are kept.

#include <map>

#include "analysis/changes.hpp"
#include "catalogue/catalogue.hpp"
#include "report/html_parts.hpp"
#include "report/strings.hpp"
#include "serve/pages/pages.hpp"
#include "text/number_format.hpp"

namespace kolcat::serve {
namespace {

// A page is read, not scrolled through: beyond this many rows it says how many it left out and
// points to `kolcat changes`, which lists them all.
constexpr std::size_t kMaxRows = 1000;

std::string cell_text(const std::optional<catalogue::StoredValue>& cell, bool known,
                      const PageContext& context) {
    const PageStrings& strings = context.strings();
    if (!known) {
        return std::string(strings.new_unknown);
    }
    if (!cell) {
        return "–";
    }
    if (!cell->value) {
        // Kolada's own "no number", with its status when it gave one.
        return cell->status.empty()
                   ? std::string(strings.new_no_number)
                   : std::string(strings.new_no_number) + " (" + cell->status + ")";
    }
    const char separator = context.language == report::ReportLanguage::sv ? ',' : '.';
    return text::format_full_precision(*cell->value, separator);
}

// "2026-12-04 18:56 UTC", as the report and the footer give times: the minute is enough to tell
// one sync from another at a glance.
std::string readable_time(std::int64_t seconds) {
    return report::date_of(analysis::format_utc_time(seconds));
}

std::string_view kind_text(catalogue::ChangeKind kind, const PageStrings& strings) {
    switch (kind) {
        case catalogue::ChangeKind::published:
            return strings.new_published;
        case catalogue::ChangeKind::revised:
            return strings.new_revised;
        case catalogue::ChangeKind::deleted:
            return strings.new_deleted;
    }
    return {};
}

std::string_view gender_text(catalogue::Gender gender, const report::ReportStrings& strings) {
    switch (gender) {
        case catalogue::Gender::K:
            return strings.col_women;
        case catalogue::Gender::M:
            return strings.col_men;
        case catalogue::Gender::T:
            break;
    }
    return strings.col_total;
}

void write_form(report::HtmlBuilder& out, const PageContext& context, const std::string& since,
                const std::optional<std::string>& kpi) {
    const PageStrings& strings = context.strings();
    out.open("form", {{"class", "choices"}, {"method", "get"}, {"action", "/new"}});
    out.open("label")
        .text(std::string(strings.new_since_label) + " ")
        .empty("input", {{"type", "date"}, {"name", "since"}, {"value", since.substr(0, 10)}})
        .close("label")
        .text(" ");
    out.open("label")
        .text(std::string(strings.new_kpi_label) + " ")
        .empty("input", {{"type", "text"},
                         {"name", "kpi"},
                         {"maxlength", "40"},
                         {"size", "8"},
                         {"value", kpi.value_or("")}})
        .close("label");
    carry_fields(out, context, {"since", "kpi"});
    out.text(" ").element("button", {{"type", "submit"}}, strings.show_button);
    out.close("form").newline();
}

}  // namespace

std::string new_page(const PageContext& context, const PageQuery& query) {
    query.accept_only({"lang", "region", "since", "kpi"});
    const catalogue::Catalogue& catalogue = *context.catalogue;
    const PageStrings& strings = context.strings();
    const auto& report_strings = report::report_strings(context.language);

    std::int64_t since = 0;
    std::string since_note;
    if (const auto text = query.value("since")) {
        const auto parsed = analysis::parse_since(*text);
        if (!parsed) {
            throw PageError(400, "since: '" + text->substr(0, 40) +
                                     "' is not a date (YYYY-MM-DD) or an ISO time");
        }
        since = *parsed;
    } else {
        const auto fallback = analysis::default_since(catalogue);
        since = fallback.since;
        since_note = fallback.sync_started_at
                         ? report::fill(strings.new_default_since, {*fallback.sync_started_at})
                         : std::string(strings.new_single_sync);
    }
    catalogue::ValueQuery value_query;
    const auto kpi = query.id_value("kpi");
    if (kpi) {
        if (!catalogue.kpi(*kpi)) {
            throw PageError(404, "key figure " + *kpi + " is not in the catalogue");
        }
        value_query.kpis = {*kpi};
    }
    const analysis::Changes changes =
        analysis::changes_since(catalogue, value_query, since, kMaxRows);
    const std::string since_text = analysis::format_utc_time(since);
    const std::string title = report::fill(strings.new_title, {since_text.substr(0, 10)});

    // Key figure titles, looked up once each: a page lists many cells of few key figures.
    std::map<std::string, std::string> kpi_titles;
    const auto kpi_title = [&](const std::string& id) -> const std::string& {
        auto found = kpi_titles.find(id);
        if (found == kpi_titles.end()) {
            const auto known = catalogue.kpi(id);
            found =
                kpi_titles.emplace(id, known && !known->title.empty() ? known->title : id).first;
        }
        return found->second;
    };

    return render_page(context, title, [&](report::HtmlBuilder& out) {
        out.element("h1", {}, title).newline();
        out.element("p", {}, report::fill(strings.new_intro, {readable_time(since)})).newline();
        if (!since_note.empty()) {
            out.element("p", {{"class", "note"}}, since_note).newline();
        }
        write_form(out, context, since_text, kpi);
        if (changes.gaps.deletions_unknown_before) {
            out.element("p", {{"class", "warning"}},
                        report::fill(strings.new_deletions_unknown,
                                     {readable_time(*changes.gaps.deletions_unknown_before)}))
                .newline();
        }
        if (changes.gaps.old_values_unknown_before) {
            out.element("p", {{"class", "warning"}},
                        report::fill(strings.new_old_unknown,
                                     {readable_time(*changes.gaps.old_values_unknown_before)}))
                .newline();
        }
        if (changes.total == 0) {
            out.element("p", {{"class", "note"}}, strings.new_none).newline();
            return;
        }
        const std::size_t shown = changes.rows.size();
        out.element("p", {}, report::fill(strings.new_count, {std::to_string(changes.total)}))
            .newline();
        if (shown < changes.total) {
            out.element("p", {{"class", "warning"}},
                        report::fill(strings.new_cut,
                                     {std::to_string(shown), std::to_string(changes.total)}))
                .newline();
        }
        out.open("table", {{"class", "changes"}}).open("thead").open("tr");
        out.element("th", {}, report_strings.col_kpi)
            .element("th", {}, strings.new_col_unit)
            .element("th", {{"class", "num"}}, strings.col_period)
            .element("th", {}, strings.new_col_gender)
            .element("th", {}, strings.new_col_change)
            .element("th", {{"class", "num"}}, strings.new_col_old)
            .element("th", {{"class", "num"}}, strings.new_col_new)
            .element("th", {}, strings.new_col_changed_at);
        out.close("tr").close("thead").newline().open("tbody").newline();
        for (const analysis::ChangeRow& row : changes.rows) {
            const auto& change = row.change;
            out.open("tr", {{"data-kpi", change.kpi},
                            {"data-unit", change.unit},
                            {"data-period", std::to_string(change.period)},
                            {"data-gender", std::string(catalogue::to_string(change.gender))},
                            {"data-change", std::string(catalogue::to_string(change.kind))}});
            out.open("td")
                .element("a", {{"href", page_link(context, "/kpi/" + url_encode(change.kpi))}},
                         kpi_title(change.kpi))
                .text(" ")
                .element("span", {{"class", "kpi-id"}}, change.kpi)
                .close("td");
            out.element("td", {}, row.unit_name.empty() ? change.unit : row.unit_name);
            out.element("td", {{"class", "num"}}, std::to_string(change.period));
            out.element("td", {{"class", "nowrap"}}, gender_text(change.gender, report_strings));
            out.element("td", {{"class", "nowrap"}}, kind_text(change.kind, strings));
            out.element("td", {{"class", change.old_known ? "num" : "num missing"}},
                        cell_text(change.old_value, change.old_known, context));
            out.element("td", {{"class", "num"}}, cell_text(change.new_value, true, context));
            out.element("td", {{"class", "nowrap"}},
                        change.changed_at ? readable_time(*change.changed_at)
                                          : std::string(strings.new_unknown));
            out.close("tr").newline();
        }
        out.close("tbody").close("table").newline();
    });
}

}  // namespace kolcat::serve
