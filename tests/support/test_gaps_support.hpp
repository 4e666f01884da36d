#pragma once
// What the gaps tests compare between two ways of reaching the same answer (a scan of every
// value, the stored summary): every field of each entry that an output shows or that tells
// which evidence was used.

#include <optional>
#include <string>
#include <vector>

#include "analysis/gaps.hpp"

namespace kolcat::test_gaps {

struct Summary {
    std::vector<std::string> kpis;
    std::vector<analysis::Verdict> verdicts;
    std::vector<std::optional<double>> coverage;
    std::vector<std::vector<std::string>> missing;
    std::vector<std::vector<int>> recent_years;
    std::vector<std::string> focus_units;
    std::vector<bool> used_fallback;
    std::vector<bool> synced;
    bool operator==(const Summary&) const = default;
};

inline Summary summarise(const std::vector<analysis::GapsEntry>& entries) {
    Summary summary;
    for (const auto& entry : entries) {
        summary.kpis.push_back(entry.kpi);
        summary.verdicts.push_back(entry.verdict);
        summary.coverage.push_back(entry.coverage);
        summary.missing.push_back(entry.missing);
        summary.recent_years.push_back(entry.recent_years);
        summary.focus_units.push_back(entry.focus_unit);
        summary.used_fallback.push_back(entry.used_fallback);
        summary.synced.push_back(entry.synced);
    }
    return summary;
}

}  // namespace kolcat::test_gaps
