#include "analysis/not_synced.hpp"

#include <map>

#include "catalogue/catalogue.hpp"

namespace kolcat::analysis {
namespace {

std::string join_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) {
        out += (out.empty() ? "" : ",") + id;
    }
    return out;
}

// A word the shell reads back unchanged: quoted when it holds anything but plain characters.
std::string shell_word(const std::string& word) {
    const bool plain = !word.empty() && word.find_first_not_of(
                                            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789-_./:,=+@") == std::string::npos;
    if (plain) {
        return word;
    }
    std::string quoted = "'";
    for (char c : word) {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

}  // namespace

NotSynced::NotSynced(const catalogue::Catalogue& catalogue, const std::vector<std::string>& kpis,
                     const std::vector<std::string>& units,
                     std::optional<std::string> catalogue_argument)
    : catalogue_argument_(std::move(catalogue_argument)) {
    for (auto& pair : catalogue.never_synced_pairs(kpis, units)) {
        pairs_.insert(std::move(pair));
    }
}

NotSynced::NotSynced(const std::vector<KpiUnitPair>& pairs,
                     std::optional<std::string> catalogue_argument)
    : pairs_(pairs.begin(), pairs.end()), catalogue_argument_(std::move(catalogue_argument)) {}

bool NotSynced::contains(const std::string& kpi, const std::string& unit) const {
    return pairs_.count({kpi, unit}) != 0;
}

std::vector<std::string> NotSynced::sync_commands(std::size_t max_kpis) const {
    // Key figures that lack the same units share one command: sync fetches kpis x units.
    std::map<std::string, std::vector<std::string>> units_of;
    for (const auto& [kpi, unit] : pairs_) {
        units_of[kpi].push_back(unit);
    }
    std::map<std::vector<std::string>, std::vector<std::string>> kpis_of;
    for (const auto& [kpi, units] : units_of) {
        kpis_of[units].push_back(kpi);
    }
    std::vector<std::string> commands;
    for (const auto& [units, kpis] : kpis_of) {
        std::string command = "kolcat sync";
        if (catalogue_argument_) {
            command += " --catalogue " + shell_word(*catalogue_argument_);
        }
        command += kpis.size() > max_kpis ? " --all-kpis" : " --kpi " + join_ids(kpis);
        command += " --unit " + join_ids(units);
        commands.push_back(std::move(command));
    }
    return commands;
}

std::string NotSynced::note(const std::string& line_prefix) const {
    if (pairs_.empty()) {
        return {};
    }
    const bool one = pairs_.size() == 1;
    std::string text =
        line_prefix + "not synced: " + std::to_string(pairs_.size()) +
        (one ? " pair of key figure and unit was" : " pairs of key figure and unit were") +
        " never fetched into this catalogue, so their values are unknown here (not "
        "missing at Kolada). To fetch them:\n";
    for (const auto& command : sync_commands()) {
        text += line_prefix + "  " + command + "\n";
    }
    return text;
}

}  // namespace kolcat::analysis
