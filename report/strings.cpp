// The report's words, every one in Swedish and in English side by side. The file is long because
// the report says many things; splitting it would part a translation from its original.

#include "report/strings.hpp"

namespace kolcat::report {
namespace {

const ReportStrings swedish = {
    .html_lang = "sv",
    .document_title = "Jämställdhet: {} jämfört med andra regioner",
    .heading = "Jämställdhet i {}: jämförelse med andra regioner",
    .compared_with = "Jämförs med",
    .data_synced = "Data synkad",
    .never_synced = "aldrig",
    .report_generated = "Rapporten skapad",
    .source = "Källa: Kolada",
    .demo_warning =
        "DEMODATA: siffrorna i den här rapporten kommer från kolcats offline-demoserver, "
        "inte från Kolada. De är påhittade och får inte användas.",
    .contents = "Innehåll",

    .summary_heading = "Sammanfattning",
    .summary_intro =
        "Antal nyckeltal per delmål där {} ligger bättre eller sämre än "
        "jämförelseregionernas median och än riket. Riktningen avgör vad som är "
        "bättre: för vissa nyckeltal är högre bättre, för andra lägre. Neutrala "
        "nyckeltal (till exempel andelar där jämn fördelning är målet) bedöms inte. "
        "De två sista kolumnerna visar hur många nyckeltal som saknar "
        "könsuppdelning helt eller delvis.",
    .col_goal = "Delmål",
    .col_kpis = "Nyckeltal",
    .col_better_median = "Bättre än medianen",
    .col_worse_median = "Sämre än medianen",
    .col_better_national = "Bättre än riket",
    .col_worse_national = "Sämre än riket",
    .col_not_judged = "Neutrala, ej bedömda",
    .col_no_data = "Uppgift saknas (median/riket)",
    .col_lacking = "Saknar köns\u00ADuppdelning",
    .col_partial = "Delvis köns\u00ADuppdelade",
    .total = "Totalt (unika nyckeltal)",

    .goal_heading = "Delmål {}: {}",
    .no_kpis_in_goal = "Inga nyckeltal är kopplade till delmålet.",
    .year_compared = "Jämförelseår",
    .period_focus_latest = "senaste året med värde för {}",
    .period_others_latest = "{} saknar värden; senaste året för jämförelseenheterna",
    .period_requested = "valt år",
    .period_set_focus = "senaste av de valda åren med värde för {}",
    .period_set_others = "{} saknar värden de valda åren; senaste året för jämförelseenheterna",
    .period_common = "senaste året då minst hälften av jämförelseenheterna har värde",
    .no_period = "inga värden lagrade",
    .direction_label = "Riktning",
    .higher_is_better = "högre är bättre",
    .lower_is_better = "lägre är bättre",
    .neutral = "neutral (ingen riktning är bättre)",
    .versus_median = "Mot jämförelseregionernas median",
    .versus_national = "Mot riket",
    .better = "bättre",
    .worse = "sämre",
    .equal = "lika",
    .not_judged = "bedöms inte",
    .breakdown_label = "Könsuppdelning",
    .design_values = "värden för kvinnor och män",
    .design_pair = "partnernyckeltal för det andra könet: {}",
    .design_by_construction = "mäter ett kön eller en skillnad mellan könen",
    .county_groups_note =
        "Nyckeltalet finns bara för kommuner: länen jämförs genom länets "
        "kommuner (ovägt medel).",
    .county_sums_note =
        "Nyckeltalet är ett antal och finns bara för kommuner: länen jämförs genom summan av "
        "länets kommuner, beräknad här ur deras lagrade värden (för totalt, kvinnor och män "
        "var för sig) och bara när alla kommuner har ett värde.",
    .neutral_rank_note = "Rangen följer värdet (högst först) och innebär ingen värdering.",
    .units_with_data = "{} av {} jämförda enheter har värde.",

    .chart_latest = "Senaste värden ({})",
    .chart_sexes = "Kvinnor och män ({})",
    .chart_trend = "Utveckling {}–{}",
    .chart_trend_no_years = "Utveckling",
    .women = "Kvinnor",
    .men = "Män",
    .women_short = "K",
    .men_short = "M",
    .missing_short = "saknas",
    .no_data = "uppgift saknas",
    .no_values_any_unit = "Uppgift saknas för alla jämförda enheter och riket.",
    .no_sex_values = "Inga värden för kvinnor och män är lagrade.",
    .no_trend_values = "Inga värden för de senaste tio åren.",
    .county_short = "{} (kommunsnitt)",
    .county_long = "{}: länets kommuner (ovägt medel)",
    .county_sum_short = "{} (kommunsumma)",
    .county_sum_long = "{}: summa av länets kommuner",

    .col_unit = "Enhet",
    .col_total = "Totalt",
    .col_women = "Kvinnor",
    .col_men = "Män",
    .col_gap = "Skillnad K − M",
    .col_ratio = "Kvot K / M",
    .col_rank = "Rang",
    .col_difference = "Skillnad mot riket",
    .col_year = "År",
    .missing_legend = "– = uppgift saknas (aldrig 0).",
    .not_synced = "ej synkad",
    .not_synced_legend =
        "ej synkad = aldrig hämtad till katalogen, alltså okänd här (inte "
        "saknad hos Kolada). Hämta med: {}",
    .status_legend =
        "Text i stället för ett värde är Koladas status för ett värde som inte "
        "publiceras (t.ex. sekretess): {}.",
    .median_row = "Median för jämförelseregionerna",

    .breakdown_heading = "Könsuppdelning",
    .breakdown_intro =
        "Vilka nyckeltal saknar uppdelning på kvinnor och män? Bedömningen bygger "
        "på de värden som faktiskt finns lagrade, på Koladas flagga och på "
        "nyckeltalets utformning (samma kontroll som kommandot kolcat gaps). "
        "Täckning: andelen (enhet, år) med totalvärde som också har värden för "
        "både kvinnor och män.",
    .col_kpi = "Nyckeltal",
    .col_title = "Titel",
    .col_flag = "Koladas flagga",
    .col_coverage = "Täckning",
    .col_goals = "Delmål",
    .col_missing = "Saknas",
    .yes = "ja",
    .no = "nej",
    .no_gaps = "Inga nyckeltal att visa.",

    .axis_not_zero = "axeln börjar inte på noll",
    .chart_pair = "Kvinnor och män ({}): {} (kvinnor) mot {} (män)",
    .pair_drawn_at = "Paret visas i ett gemensamt diagram, kvinnor mot män, under {}.",
    .chart_gap_trend = "Skillnad K − M {}–{}",
    .chart_gap_trend_no_years = "Skillnad K − M",
    .no_gap_trend_values = "Inget år med värden för både kvinnor och män de senaste tio åren.",
    .gap_axis = "skillnad K − M",

    .download_csv = "Ladda ner tabellen (CSV för Excel)",
    .selection_label = "Urval",
    .selection_goals = "delmål {}",
    .selection_sdg = "Agenda 2030-mål {}",
    .selection_target = "Agenda 2030-delmål {}",
    .selection_kpis = "nyckeltal {}",

    .notes_heading = "Lokala anteckningar",
    .note_analysis = "Analys",
    .note_action = "Åtgärd",

    .compact_intro =
        "Kortversion för möten: varje nyckeltal visas en gång, under det första av "
        "sina delmål, med alla delmål angivna. Den fullständiga rapporten har diagram "
        "och tabeller för varje nyckeltal.",
    .flagged_heading = "Flaggade skillnader mellan kvinnor och män",
    .flagged_intro =
        "Nyckeltal där skillnaden mellan kvinnor och män i {} flaggas av kolcat "
        "differences: den växer, den är större än rikets, den är större än hos minst "
        "tre av fyra jämförda enheter, eller den går åt motsatt håll mot rikets.",
    .no_flags = "Inget nyckeltal flaggas.",
    .col_flags = "Flaggor",
    .flag_widening = "växande skillnad",
    .flag_larger_than_riket = "större än rikets",
    .flag_larger_than_most = "större än hos de flesta",
    .flag_reversed = "omvänd mot riket",
    .col_value = "Värde",
    .col_median = "Median",
    .col_national = "Riket",
    .col_vs_median = "Mot medianen",
    .col_vs_national = "Mot riket",
    .also_in_goal = "Visas under ett tidigare delmål och hör även hit: {}.",

    .coverage_heading = "Könsuppdelad statistik: täckning",
    .coverage_intro =
        "Hur stor del av det Kolada har för {} som är uppdelat på kvinnor och män, "
        "per delmål, under varje nyckeltals {} senaste år med värden: underlag till SKR:s "
        "checklista (\"individbaserad "
        "statistik är könsuppdelad\"). Beräknat från lagrade värden.",
    .col_with_totals = "Nyckeltal med totalvärde",
    .col_with_sexes = "varav med K och M",
    .col_share = "Andel celler med K och M",
    .col_median_share = "Medianregionens andel",
    .col_lacking_list = "Saknar könsuppdelning",
    .no_coverage_groups = "Inga nyckeltal att mäta.",

    .footer_heading = "Källor och publicering",
    .col_publication_date = "Publiceringsdatum",
    .unknown_date = "okänt",
};

const ReportStrings english = {
    .html_lang = "en",
    .document_title = "Gender equality: {} compared with other regions",
    .heading = "Gender equality in {}: a comparison with other regions",
    .compared_with = "Compared with",
    .data_synced = "Data synced",
    .never_synced = "never",
    .report_generated = "Report generated",
    .source = "Källa: Kolada",
    .demo_warning =
        "DEMO DATA: the numbers in this report come from kolcat's offline demo "
        "server, not from Kolada. They are made up and must not be used.",
    .contents = "Contents",

    .summary_heading = "Summary",
    .summary_intro =
        "For each sub-goal, the number of key figures on which {} is better or "
        "worse than the median of the compared regions, and than Riket (Sweden). "
        "The direction decides what is better: higher for some key figures, lower "
        "for others. Neutral key figures (such as shares where parity is the aim) "
        "are not judged. The last two columns count the key figures that lack a "
        "breakdown by sex entirely or in part.",
    .col_goal = "Sub-goal",
    .col_kpis = "Key figures",
    .col_better_median = "Better than the median",
    .col_worse_median = "Worse than the median",
    .col_better_national = "Better than Riket",
    .col_worse_national = "Worse than Riket",
    .col_not_judged = "Neutral, not judged",
    .col_no_data = "No data (median/Riket)",
    .col_lacking = "No breakdown by sex",
    .col_partial = "Partly broken down",
    .total = "Total (distinct key figures)",

    .goal_heading = "Sub-goal {}: {}",
    .no_kpis_in_goal = "No key figures are tagged with this sub-goal.",
    .year_compared = "Year compared",
    .period_focus_latest = "the latest year with a value for {}",
    .period_others_latest = "{} has no values; the compared units' latest year",
    .period_requested = "the year asked for",
    .period_set_focus = "the latest of the years asked for with a value for {}",
    .period_set_others = "{} has no values in the years asked for; the compared units' latest",
    .period_common = "the latest year in which at least half of the compared units have a value",
    .no_period = "no values stored",
    .direction_label = "Direction",
    .higher_is_better = "higher is better",
    .lower_is_better = "lower is better",
    .neutral = "neutral (no direction is better)",
    .versus_median = "Against the compared regions' median",
    .versus_national = "Against Riket",
    .better = "better",
    .worse = "worse",
    .equal = "equal",
    .not_judged = "not judged",
    .breakdown_label = "Breakdown by sex",
    .design_values = "values for women and men",
    .design_pair = "partner key figure for the other sex: {}",
    .design_by_construction = "measures one sex or a difference between the sexes",
    .county_groups_note =
        "This key figure exists for municipalities only: counties are "
        "compared through their municipalities (unweighted mean).",
    .county_sums_note =
        "This key figure is a count and exists for municipalities only: counties are compared "
        "through the sum of their municipalities, computed here from their stored values (for "
        "the total, women and men separately) and only when every municipality has a value.",
    .neutral_rank_note = "The rank follows the value (highest first) and implies no judgement.",
    .units_with_data = "{} of {} compared units have a value.",

    .chart_latest = "Latest values ({})",
    .chart_sexes = "Women and men ({})",
    .chart_trend = "Trend {}–{}",
    .chart_trend_no_years = "Trend",
    .women = "Women",
    .men = "Men",
    .women_short = "W",
    .men_short = "M",
    .missing_short = "n/a",
    .no_data = "no data",
    .no_values_any_unit = "No data for any compared unit or Riket.",
    .no_sex_values = "No values for women and men are stored.",
    .no_trend_values = "No values in the last ten years.",
    .county_short = "{} (municipal mean)",
    .county_long = "{}: county's municipalities (unweighted mean)",
    .county_sum_short = "{} (municipal sum)",
    .county_sum_long = "{}: sum of the county's municipalities",

    .col_unit = "Unit",
    .col_total = "Total",
    .col_women = "Women",
    .col_men = "Men",
    .col_gap = "Gap W − M",
    .col_ratio = "Ratio W / M",
    .col_rank = "Rank",
    .col_difference = "Difference from Riket",
    .col_year = "Year",
    .missing_legend = "– = no data (never 0).",
    .not_synced = "not synced",
    .not_synced_legend =
        "not synced = never fetched into the catalogue, so unknown here (not "
        "missing at Kolada). Fetch with: {}",
    .status_legend =
        "A text instead of a value is Kolada's status for a value it does not "
        "publish (e.g. confidentiality): {}.",
    .median_row = "Median of the compared regions",

    .breakdown_heading = "Breakdown by sex",
    .breakdown_intro =
        "Which key figures lack a breakdown by sex? The verdict rests on the "
        "values actually stored, on Kolada's flag and on the key figure's design "
        "(the same check as the kolcat gaps command). Coverage: the share of "
        "(unit, year) cells with a total that also have values for both women "
        "and men.",
    .col_kpi = "Key figure",
    .col_title = "Title",
    .col_flag = "Kolada's flag",
    .col_coverage = "Coverage",
    .col_goals = "Sub-goals",
    .col_missing = "Missing",
    .yes = "yes",
    .no = "no",
    .no_gaps = "No key figures to show.",

    .axis_not_zero = "the axis does not start at zero",
    .chart_pair = "Women and men ({}): {} (women) against {} (men)",
    .pair_drawn_at = "The pair is drawn in one chart, women against men, under {}.",
    .chart_gap_trend = "Gap W − M {}–{}",
    .chart_gap_trend_no_years = "Gap W − M",
    .no_gap_trend_values = "No year with values for both women and men in the last ten years.",
    .gap_axis = "gap W − M",

    .download_csv = "Download the table (CSV for Excel)",
    .selection_label = "Selection",
    .selection_goals = "sub-goals {}",
    .selection_sdg = "SDG {}",
    .selection_target = "SDG target {}",
    .selection_kpis = "key figures {}",

    .notes_heading = "Local notes",
    .note_analysis = "Analysis",
    .note_action = "Action",

    .compact_intro =
        "Short form for meetings: each key figure appears once, under the first of its "
        "sub-goals, with all its sub-goals named. The full report has charts and tables "
        "for every key figure.",
    .flagged_heading = "Flagged gaps between women and men",
    .flagged_intro =
        "Key figures on which the gap between women and men in {} is flagged by kolcat "
        "differences: it widens, it is larger than Riket's, it is larger than for at "
        "least three in four compared units, or it runs the other way from Riket's.",
    .no_flags = "No key figure is flagged.",
    .col_flags = "Flags",
    .flag_widening = "widening",
    .flag_larger_than_riket = "larger than Riket's",
    .flag_larger_than_most = "larger than most",
    .flag_reversed = "reversed against Riket",
    .col_value = "Value",
    .col_median = "Median",
    .col_national = "Riket",
    .col_vs_median = "Against the median",
    .col_vs_national = "Against Riket",
    .also_in_goal = "Shown under an earlier sub-goal and serving this one too: {}.",

    .coverage_heading = "Statistics broken down by sex: coverage",
    .coverage_intro =
        "How much of what Kolada holds for {} is broken down by sex, per sub-goal, over "
        "each key figure's latest {} years with values: evidence for SKR's checklist (\"individual "
        "statistics are broken down by "
        "sex\"). Computed from stored values.",
    .col_with_totals = "Key figures with totals",
    .col_with_sexes = "of them with W and M",
    .col_share = "Share of cells with W and M",
    .col_median_share = "The median region's share",
    .col_lacking_list = "Lacking a breakdown",
    .no_coverage_groups = "No key figures to measure.",

    .footer_heading = "Sources and publication",
    .col_publication_date = "Publication date",
    .unknown_date = "unknown",
};

// The first letter in upper case; the design's words start with an ASCII letter.
std::string capitalized(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') {
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    }
    return text;
}

}  // namespace

const ReportStrings& report_strings(ReportLanguage language) {
    return language == ReportLanguage::en ? english : swedish;
}

std::string_view verdict_label(analysis::Verdict verdict, ReportLanguage language) {
    const bool sv = language == ReportLanguage::sv;
    switch (verdict) {
        case analysis::Verdict::by_values:
            return sv ? "Värden för kvinnor och män finns" : "Values for women and men are stored";
        case analysis::Verdict::partial:
            return sv ? "Delvis: värden för kvinnor och män saknas för vissa år eller enheter"
                      : "Partly: values for women and men are missing for some years or units";
        case analysis::Verdict::flag_without_values:
            return sv ? "Kolada anger könsuppdelning, men inga värden för kvinnor och män finns"
                      : "Kolada says divided by sex, but no values for women and men are stored";
        case analysis::Verdict::values_without_flag:
            return sv ? "Värden för kvinnor och män finns, fast Kolada inte anger könsuppdelning"
                      : "Values for women and men are stored although Kolada's flag is false";
        case analysis::Verdict::pair:
            return sv ? "Täcks av ett partnernyckeltal för det andra könet"
                      : "Covered by a partner key figure for the other sex";
        case analysis::Verdict::by_construction:
            return sv ? "Mäter ett kön eller en skillnad mellan könen"
                      : "Measures one sex or a difference between the sexes";
        case analysis::Verdict::none:
            return sv ? "Saknar könsuppdelning" : "No breakdown by sex";
        case analysis::Verdict::not_synced:
            return sv ? "Ej synkad: aldrig hämtad till katalogen, så okänt om Kolada har värden"
                      : "Not synced: never fetched into the catalogue, so unknown here";
        case analysis::Verdict::no_data:
            return sv ? "Inga värden lagrade" : "No values stored";
    }
    return {};
}

std::string breakdown_text(const std::optional<analysis::Verdict>& verdict,
                           const std::optional<curated::Breakdown>& design,
                           const std::optional<std::string>& partner, ReportLanguage language) {
    const ReportStrings& strings = report_strings(language);
    std::string label = verdict ? std::string(verdict_label(*verdict, language)) : std::string();
    if (!design || *design == curated::Breakdown::values) {
        return label;
    }
    const bool pair = *design == curated::Breakdown::pair;
    const std::string partner_id = partner.value_or("?");
    // A verdict that already says what the design says gets only what it lacks: the partner.
    if (verdict && pair && *verdict == analysis::Verdict::pair) {
        return label + " (" + partner_id + ")";
    }
    if (verdict && !pair && *verdict == analysis::Verdict::by_construction) {
        return label;
    }
    std::string design_words = pair ? fill(strings.design_pair, {partner_id})
                                    : std::string(strings.design_by_construction);
    if (label.empty()) {
        return capitalized(design_words);
    }
    return label + " (" + design_words + ")";
}

std::string flag_label(const std::string& flag, ReportLanguage language) {
    const ReportStrings& strings = report_strings(language);
    if (flag == "widening") {
        return std::string(strings.flag_widening);
    }
    if (flag == "larger_than_riket") {
        return std::string(strings.flag_larger_than_riket);
    }
    if (flag == "larger_than_most") {
        return std::string(strings.flag_larger_than_most);
    }
    if (flag == "reversed") {
        return std::string(strings.flag_reversed);
    }
    return flag;
}

std::string_view standing_label(Standing standing, ReportLanguage language) {
    const ReportStrings& strings = report_strings(language);
    switch (standing) {
        case Standing::better:
            return strings.better;
        case Standing::worse:
            return strings.worse;
        case Standing::equal:
            return strings.equal;
        case Standing::not_judged:
            return strings.not_judged;
        case Standing::no_data:
            return strings.no_data;
    }
    return {};
}

std::string_view direction_label(curated::Direction direction, ReportLanguage language) {
    const ReportStrings& strings = report_strings(language);
    switch (direction) {
        case curated::Direction::higher_is_better:
            return strings.higher_is_better;
        case curated::Direction::lower_is_better:
            return strings.lower_is_better;
        case curated::Direction::neutral:
            return strings.neutral;
    }
    return {};
}

std::string_view goal_name(const ReportSection& section, ReportLanguage language) {
    const std::string& name = language == ReportLanguage::en ? section.name_en : section.name_sv;
    return name.empty() ? section.name_sv : name;
}

std::string fill(std::string_view pattern, const std::vector<std::string>& arguments) {
    std::string out;
    std::size_t next = 0;
    std::size_t pos = 0;
    while (pos < pattern.size()) {
        const auto hole = pattern.find("{}", pos);
        if (hole == std::string_view::npos) {
            out.append(pattern.substr(pos));
            break;
        }
        out.append(pattern.substr(pos, hole - pos));
        if (next < arguments.size()) {
            out += arguments[next++];
        }
        pos = hole + 2;
    }
    return out;
}

}  // namespace kolcat::report
