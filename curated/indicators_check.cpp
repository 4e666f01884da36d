#include "curated/indicators_check.hpp"

#include <algorithm>

#include "catalogue/catalogue.hpp"
#include "curated/indicators_json.hpp"

namespace kolcat::curated {

std::string_view to_string(ProblemKind kind) {
    switch (kind) {
        case ProblemKind::unknown_kpi:
            return "unknown_kpi";
        case ProblemKind::retired_kpi:
            return "retired_kpi";
        case ProblemKind::level_mismatch:
            return "level_mismatch";
        case ProblemKind::unknown_sub_goal:
            return "unknown_sub_goal";
        case ProblemKind::unknown_target:
            return "unknown_target";
        case ProblemKind::unknown_sdg_goal:
            return "unknown_sdg_goal";
        case ProblemKind::target_goal_mismatch:
            return "target_goal_mismatch";
        case ProblemKind::duplicate:
            return "duplicate";
        case ProblemKind::nothing_to_override:
            return "nothing_to_override";
        case ProblemKind::unknown_partner:
            return "unknown_partner";
        case ProblemKind::partner_mismatch:
            return "partner_mismatch";
        case ProblemKind::unknown_unit:
            return "unknown_unit";
        case ProblemKind::no_metadata:
            return "no_metadata";
        case ProblemKind::unknown_note_kpi:
            return "unknown_note_kpi";
        case ProblemKind::flag_mismatch:
            return "flag_mismatch";
        case ProblemKind::historical_mismatch:
            return "historical_mismatch";
    }
    return "?";
}

std::string format_problem(const IndicatorProblem& problem) {
    std::string line;
    if (!problem.location.file.empty()) {
        line += to_string(problem.location) + ": ";
    }
    if (!problem.id.empty()) {
        line += problem.id + ": ";
    }
    line += std::string(to_string(problem.kind)) + ": " + problem.message;
    return line;
}

namespace {

std::string in_quotes(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

std::string describe_type(const std::string& municipality_type) {
    if (municipality_type == "K") {
        return "K (municipalities only)";
    }
    if (municipality_type == "L") {
        return "L (regions only)";
    }
    if (municipality_type == "A") {
        return "A (municipalities and regions)";
    }
    return in_quotes(municipality_type);
}

// L -> region; K -> municipality; A -> any level.
bool level_fits(KpiLevel level, const std::string& municipality_type) {
    if (municipality_type == "A") {
        return true;
    }
    if (municipality_type == "L") {
        return level == KpiLevel::region;
    }
    if (municipality_type == "K") {
        return level == KpiLevel::municipality;
    }
    return false;
}

// Kolada marks a discontinued series by ending its title in "(-YYYY)", e.g. "... (%) (-2023)".
bool title_marks_historical(const std::string& title) {
    constexpr std::string_view kOpen = "(-";
    const auto open = title.rfind(kOpen);
    if (open == std::string::npos || title.size() != open + kOpen.size() + 5 ||
        title.back() != ')') {
        return false;
    }
    const auto year = std::string_view(title).substr(open + kOpen.size(), 4);
    return std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Checker {
  public:
    Checker(const IndicatorSet& set, const MetadataLookup* metadata)
        : set_(set), metadata_(metadata) {}

    std::vector<IndicatorProblem> run() {
        check_merge_issues();
        check_targets();
        for (const auto& kpi : set_.kpis) {
            check_tags(kpi);
            if (metadata_ != nullptr && metadata_->kpi) {
                check_against_metadata(kpi);
            }
            check_partner_is_mutual(kpi);
        }
        if (metadata_ != nullptr && metadata_->unit_exists) {
            for (const auto& region_set : set_.region_sets) {
                check_members(region_set);
            }
        }
        if (metadata_ != nullptr && metadata_->kpi) {
            for (const auto& note : set_.notes) {
                check_note(note);
            }
        }
        return std::move(problems_);
    }

  private:
    const IndicatorSet& set_;
    const MetadataLookup* metadata_;
    std::vector<IndicatorProblem> problems_;

    void add(ProblemKind kind, std::string id, std::string message, SourceLocation location) {
        problems_.push_back({kind, std::move(id), std::move(message), std::move(location)});
    }

    void check_merge_issues() {
        for (const auto& issue : set_.merge_issues) {
            if (issue.kind == MergeIssue::Kind::duplicate) {
                std::string message = issue.what + " " + issue.id + " is defined twice";
                if (issue.first) {
                    message += "; the first definition is at " + to_string(*issue.first);
                    if (issue.first->file != issue.location.file) {
                        message += " (a local entry needs \"override\" to change it)";
                    }
                }
                add(ProblemKind::duplicate, issue.id, std::move(message), issue.location);
            } else {
                add(ProblemKind::nothing_to_override, issue.id,
                    "\"override\" names " + issue.what + " " + issue.id +
                        ", which the project's files do not define",
                    issue.location);
            }
        }
    }

    void check_targets() {
        for (const auto& target : set_.targets) {
            if (set_.find_sdg_goal(target.goal) == nullptr) {
                add(ProblemKind::unknown_sdg_goal, target.id,
                    "target " + target.id + " belongs to SDG goal " + std::to_string(target.goal) +
                        ", which goals.json does not define",
                    target.source);
            }
            const auto prefix = target.id.substr(0, target.id.find('.'));
            if (prefix != std::to_string(target.goal)) {
                add(ProblemKind::target_goal_mismatch, target.id,
                    "target " + target.id + " is filed under SDG goal " +
                        std::to_string(target.goal) + ", not goal " + prefix,
                    target.source);
            }
        }
    }

    void check_tags(const CuratedKpi& kpi) {
        for (const int goal : kpi.goals) {
            if (set_.find_sub_goal(goal) == nullptr) {
                add(ProblemKind::unknown_sub_goal, kpi.id,
                    "sub-goal " + std::to_string(goal) + " is not defined in goals.json",
                    kpi.source);
            }
        }
        for (const auto& target : kpi.targets) {
            if (set_.find_target(target) == nullptr) {
                add(ProblemKind::unknown_target, kpi.id,
                    "Agenda 2030 target " + target + " is not defined in goals.json", kpi.source);
            }
        }
    }

    bool retired(const std::string& id) const {
        return metadata_->kpi_is_retired && metadata_->kpi_is_retired(id);
    }

    void check_against_metadata(const CuratedKpi& kpi) {
        const auto known = metadata_->kpi(kpi.id);
        if (!known) {
            add(ProblemKind::unknown_kpi, kpi.id,
                "not in Kolada's key-figure catalogue (retired or misspelt?)", kpi.source);
        } else if (retired(kpi.id)) {
            add(ProblemKind::retired_kpi, kpi.id,
                "retired: Kolada's latest catalogue no longer has it", kpi.source);
        } else if (!level_fits(kpi.level, known->municipality_type)) {
            add(ProblemKind::level_mismatch, kpi.id,
                "level " + in_quotes(to_string(kpi.level)) + " contradicts municipality_type " +
                    describe_type(known->municipality_type),
                kpi.source);
        }
        if (known) {
            check_marks(kpi, *known);
        }
        if (kpi.partner) {
            const auto partner = metadata_->kpi(*kpi.partner);
            if (!partner) {
                add(ProblemKind::unknown_partner, kpi.id,
                    "pair partner " + *kpi.partner + " is not in Kolada's key-figure catalogue",
                    kpi.source);
            } else if (retired(*kpi.partner)) {
                add(ProblemKind::unknown_partner, kpi.id,
                    "pair partner " + *kpi.partner + " is retired", kpi.source);
            }
        }
    }

    // flag_only says the K/M claim rests on Kolada's flag, so the flag must be set; historical
    // must agree with Kolada's own "(-YYYY)" mark, so a discontinued series is never unmarked.
    void check_marks(const CuratedKpi& kpi, const catalogue::Kpi& known) {
        if (kpi.breakdown == Breakdown::flag_only && !known.is_divided_by_gender) {
            add(ProblemKind::flag_mismatch, kpi.id,
                "breakdown \"flag_only\" rests on Kolada's is_divided_by_gender flag, which is "
                "false for it (use \"values\" if K/M values are stored, else another design)",
                kpi.source);
        }
        const bool marked = title_marks_historical(known.title);
        if (marked && !kpi.historical) {
            add(ProblemKind::historical_mismatch, kpi.id,
                "Kolada's title " + in_quotes(known.title) +
                    " marks a discontinued series; add \"historical\": true",
                kpi.source);
        } else if (!marked && kpi.historical) {
            add(ProblemKind::historical_mismatch, kpi.id,
                "\"historical\" is true, but Kolada's title " + in_quotes(known.title) +
                    " does not end in \"(-YYYY)\"",
                kpi.source);
        }
    }

    // When both halves of a pair are curated, each must name the other.
    void check_partner_is_mutual(const CuratedKpi& kpi) {
        if (!kpi.partner) {
            return;
        }
        const auto* partner = set_.find_kpi(*kpi.partner);
        if (partner == nullptr) {
            return;
        }
        if (partner->breakdown != Breakdown::pair || partner->partner != kpi.id) {
            add(ProblemKind::partner_mismatch, kpi.id,
                "pair partner " + partner->id + " is curated but does not name " + kpi.id +
                    " as its partner",
                kpi.source);
        }
    }

    // A note may concern any key figure the user follows, curated or not, but it must be one
    // that exists: a misspelt id would leave the note attached to nothing.
    void check_note(const Note& note) {
        if (set_.find_kpi(note.kpi) == nullptr && !metadata_->kpi(note.kpi)) {
            add(ProblemKind::unknown_note_kpi, note.kpi,
                "a note (dated " + note.date + ") concerns " + note.kpi +
                    ", which is neither curated nor in Kolada's key-figure catalogue",
                note.source);
        }
    }

    void check_members(const RegionSet& region_set) {
        for (const auto& member : region_set.members) {
            if (!metadata_->unit_exists(member)) {
                add(ProblemKind::unknown_unit, member,
                    "region set " + in_quotes(region_set.name) + " lists " + member +
                        ", which is no known municipality, region or municipality group",
                    region_set.source);
            }
        }
    }
};

}  // namespace

std::vector<IndicatorProblem> check_indicators(const IndicatorSet& set,
                                               const MetadataLookup& metadata) {
    return Checker(set, &metadata).run();
}

MetadataLookup catalogue_lookup(const catalogue::Catalogue& catalogue) {
    MetadataLookup lookup;
    lookup.kpi = [&catalogue](const std::string& id) { return catalogue.kpi(id); };
    lookup.kpi_is_retired = [&catalogue](const std::string& id) {
        return catalogue.kpi_is_retired(id);
    };
    lookup.unit_exists = [&catalogue](const std::string& id) {
        return catalogue.unit_title(id).has_value();
    };
    return lookup;
}

std::vector<IndicatorProblem> check_indicators(const IndicatorSet& set,
                                               const catalogue::Catalogue& catalogue) {
    if (!catalogue.has_metadata()) {
        auto problems = Checker(set, nullptr).run();
        problems.push_back({ProblemKind::no_metadata,
                            "",
                            "the catalogue " + catalogue.path().string() +
                                " holds no key-figure metadata yet, so ids cannot be checked "
                                "(run kolcat sync first)",
                            {}});
        return problems;
    }
    auto lookup = catalogue_lookup(catalogue);
    // Units are checked only when the catalogue has unit metadata at all.
    if (catalogue.all_municipalities().empty()) {
        lookup.unit_exists = nullptr;
    }
    return Checker(set, &lookup).run();
}

// --- metadata files ---

namespace {

// Kolada's metadata files are large: a few MB today, room to grow.
constexpr std::uintmax_t kMaxMetadataBytes = 256U * 1024U * 1024U;

std::string string_member(const nlohmann::json& entry, const char* name) {
    if (!entry.is_object()) {
        throw IndicatorsError("the entry must be a JSON object, not " + json_type_name(entry));
    }
    const auto it = entry.find(name);
    if (it == entry.end() || !it->is_string()) {
        throw IndicatorsError(std::string("\"") + name + "\" must be a string");
    }
    return it->get<std::string>();
}

void read_ids(const std::filesystem::path& path, MetadataFiles& files) {
    const auto file = read_json_file(path, kMaxMetadataBytes);
    require_top_level(file, {"values", "count", "next_url", "previous_url"}, {"values"});
    for_each_entry(file, "values", [&](const nlohmann::json& entry, const SourceLocation&) {
        files.units.insert(string_member(entry, "id"));
    });
}

}  // namespace

MetadataFiles read_metadata_files(const std::filesystem::path& kpi_json) {
    MetadataFiles files;
    const auto file = read_json_file(kpi_json, kMaxMetadataBytes);
    require_top_level(file, {"values", "count", "next_url", "previous_url"}, {"values"});
    for_each_entry(file, "values", [&](const nlohmann::json& entry, const SourceLocation&) {
        catalogue::Kpi kpi;
        kpi.id = string_member(entry, "id");
        kpi.municipality_type = string_member(entry, "municipality_type");
        if (const auto flag = entry.find("is_divided_by_gender");
            flag != entry.end() && flag->is_boolean()) {
            kpi.is_divided_by_gender = flag->get<bool>();
        }
        if (const auto title = entry.find("title"); title != entry.end() && title->is_string()) {
            kpi.title = title->get<std::string>();
        }
        files.kpis.insert_or_assign(kpi.id, std::move(kpi));
    });
    // Units are known only when both unit files are at hand: with one of them alone, every
    // member of the other kind would look unknown.
    const auto municipalities = kpi_json.parent_path() / "municipality.json";
    const auto groups = kpi_json.parent_path() / "municipality_groups.json";
    std::error_code error;
    if (std::filesystem::exists(municipalities, error) && std::filesystem::exists(groups, error)) {
        read_ids(municipalities, files);
        read_ids(groups, files);
        files.has_units = true;
    }
    return files;
}

MetadataLookup files_lookup(const MetadataFiles& files) {
    MetadataLookup lookup;
    lookup.kpi = [&files](const std::string& id) -> std::optional<catalogue::Kpi> {
        const auto it = files.kpis.find(id);
        return it == files.kpis.end() ? std::nullopt : std::optional<catalogue::Kpi>(it->second);
    };
    if (files.has_units) {
        lookup.unit_exists = [&files](const std::string& id) { return files.units.count(id) > 0; };
    }
    return lookup;
}

}  // namespace kolcat::curated
