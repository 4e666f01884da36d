#pragma once
// The curated equality key figures: the project's reviewed data in indicators/ (goals.json,
// kpis.json, region_sets.json), optionally extended by a user's local file. See
// indicators/README.md for the file formats; this header holds the domain types and the loader.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kolcat::curated {

// A malformed indicators file: one line "FILE:LINE: reason" (FILE:LINE:COLUMN for JSON syntax).
class IndicatorsError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A file that cannot be read at all (missing, a folder, no permission): "FILE: reason". An I/O
// problem rather than a problem in the file's content.
class IndicatorsReadError : public IndicatorsError {
  public:
    using IndicatorsError::IndicatorsError;
};

// Which units a key figure is meant for. Must agree with Kolada's municipality_type:
// L -> region, K -> municipality, A -> any of the three.
enum class KpiLevel { region, municipality, both };
// Which way is better, for ranking. neutral: no better direction (e.g. parity is the aim).
enum class Direction { higher_is_better, lower_is_better, neutral };
// How the key figure is meant to be broken down by sex:
//  values          the K and M values of the key figure itself;
//  pair            a partner key figure holds the other sex (e.g. N00923 men / N00925 women);
//  by_construction the key figure measures one sex or a sex difference (e.g. N00945, N00952);
//  flag_only       meant to have K and M values, but the claim rests on Kolada's
//                  is_divided_by_gender flag alone: no K/M value was seen when it was curated.
//                  Judged from the stored values like `values` (gaps_verdict.hpp); `indicators
//                  check` requires the flag to be set.
enum class Breakdown { values, pair, by_construction, flag_only };

std::string_view to_string(KpiLevel level);
std::string_view to_string(Direction direction);
std::string_view to_string(Breakdown breakdown);
std::optional<KpiLevel> parse_kpi_level(std::string_view text);
std::optional<Direction> parse_direction(std::string_view text);
std::optional<Breakdown> parse_breakdown(std::string_view text);

// Where an entry was read from, so that every message can point at the file and line.
struct SourceLocation {
    std::filesystem::path file;
    int line = 0;  // 1-based; 0 when unknown
    bool operator==(const SourceLocation&) const = default;
};
// "path:line" (or "path" when the line is unknown).
std::string to_string(const SourceLocation& location);

// One of the six national gender-equality sub-goals (jämställdhetspolitiska delmål).
struct SubGoal {
    int number = 0;  // 1..6
    std::string name_sv;
    std::string name_en;
    std::string description;  // one line, English
    // The official Swedish wording (regeringen.se); optional, for files that predate it.
    std::optional<std::string> description_sv;
    SourceLocation source;
};

// One of the 17 Agenda 2030 goals.
struct SdgGoal {
    int number = 0;  // 1..17
    std::string name_sv;
    std::string name_en;
    SourceLocation source;
};

// An Agenda 2030 target, e.g. "5.2" of goal 5.
struct SdgTarget {
    std::string id;  // "5.2", "4.a"
    int goal = 0;
    std::string text_en;
    std::optional<std::string> text_sv;
    SourceLocation source;
};

// A curated key figure and its tags.
struct CuratedKpi {
    std::string id;                    // Kolada id, "N00945"
    std::vector<int> goals;            // sub-goal numbers, at least one
    std::vector<std::string> targets;  // Agenda 2030 target ids, at least one
    KpiLevel level = KpiLevel::both;
    Direction direction = Direction::neutral;
    Breakdown breakdown = Breakdown::values;
    std::optional<std::string> partner;  // set exactly when breakdown is pair
    std::string rationale;               // one sentence, English
    // Kolada discontinued the series: its title ends in "(-YYYY)" and no new years come.
    bool historical = false;
    SourceLocation source;  // the entry that defines it
    // Local entries that added goals or targets to it ("override": "extend").
    std::vector<SourceLocation> extended_by;
};

// A named set of units for `--against NAME`: regions, Riket, municipalities or municipality
// groups. With expand_groups, a member that is a municipality group stands for the group's
// members (Kolada's "similar regions" groups); without it, a group is a unit of its own (the
// county groups, whose values are their municipalities' unweighted means).
struct RegionSet {
    std::string name;  // "model-regions": lower case, digits and dashes
    std::string title;
    std::string title_sv;
    std::string description;
    bool expand_groups = false;
    std::vector<std::string> members;  // unit or municipality-group ids, in the file's order
    SourceLocation source;
};

// Something the merge of the project's files and the local file noticed. Not a load error
// (the files are well-formed), but `kolcat indicators check` reports it by id.
struct MergeIssue {
    enum class Kind {
        duplicate,  // the same id twice (in one file, or local vs project without override)
        nothing_to_override  // a local "override" entry whose id the project does not define
    };
    Kind kind = Kind::duplicate;
    std::string what;  // "KPI", "region set", "sub-goal", "SDG goal", "target"
    std::string id;
    SourceLocation location;              // the later entry
    std::optional<SourceLocation> first;  // for duplicates: the entry seen first
};

// A local note on one key figure, as the equality work records it at an unwarranted difference
// between women and men: when, what the analysis found and what is to be done. Notes live only
// in the user's local file; they annotate Kolada's data and never change it.
struct Note {
    std::string kpi;   // the key figure it concerns, curated or not
    std::string date;  // "YYYY-MM-DD", a real calendar date
    std::string analysis;
    std::string action;
    SourceLocation source;
};

struct IndicatorSet {
    std::vector<SubGoal> sub_goals;
    std::vector<SdgGoal> sdg_goals;
    std::vector<SdgTarget> targets;
    std::vector<CuratedKpi> kpis;  // one per id: the project's in file order, then local additions
    std::vector<RegionSet> region_sets;
    std::vector<MergeIssue> merge_issues;
    std::vector<Note> notes;                   // the local file's, in its order
    std::vector<std::filesystem::path> files;  // every file read, in order
    // A hash of the files' names and contents: equal fingerprints mean equal data, so the
    // catalogue's stored copy need not be rewritten.
    std::string fingerprint;

    const CuratedKpi* find_kpi(std::string_view id) const;
    const RegionSet* find_region_set(std::string_view name) const;
    const SubGoal* find_sub_goal(int number) const;
    const SdgGoal* find_sdg_goal(int number) const;
    const SdgTarget* find_target(std::string_view id) const;
    // The notes on one key figure, in the file's order.
    std::vector<Note> notes_for(std::string_view kpi) const;
};

// Reads dir/goals.json, dir/kpis.json and dir/region_sets.json, then the local file if given.
// The local file holds {"kpis": [...], "region_sets": [...], "notes": [...]} (all optional),
// key figures and region sets in the same format, where an entry may carry "override": "replace"
// (it replaces the project's entry of the same id) or "extend" (its goals and targets are added to
// the project's entry). Throws IndicatorsError naming the file, the line and the reason for a
// missing or unreadable file, invalid JSON, or an entry that breaks the schema.
IndicatorSet load_indicators(const std::filesystem::path& dir,
                             const std::optional<std::filesystem::path>& local_file);

// The key figures a sync needs for the curated set: every curated id, then the partners of
// pairs not curated themselves, without duplicates.
std::vector<std::string> sync_kpi_ids(const IndicatorSet& set);

// ADL conversions: strict, typed, and with a one-line reason on failure (IndicatorsError,
// without the location, which the loader adds). Unknown fields are refused, so a misspelt
// field name is an error rather than silently ignored.
void from_json(const nlohmann::json& j, SubGoal& goal);
void from_json(const nlohmann::json& j, SdgGoal& goal);
void from_json(const nlohmann::json& j, SdgTarget& target);
void from_json(const nlohmann::json& j, CuratedKpi& kpi);
void from_json(const nlohmann::json& j, RegionSet& set);
// {"kpi","date","analysis","action"}: every field required, no other allowed.
void from_json(const nlohmann::json& j, Note& note);
// {"kpi","date","analysis","action","source":"FILE:LINE"}.
void to_json(nlohmann::ordered_json& j, const Note& note);

// True for "YYYY-MM-DD" naming a day that exists (2024-02-29 yes, 2023-02-29 no).
bool is_calendar_date(std::string_view text);

}  // namespace kolcat::curated
