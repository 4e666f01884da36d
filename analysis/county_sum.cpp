#include "analysis/county_sum.hpp"

#include <set>

#include "analysis/compare.hpp"
#include "catalogue/catalogue.hpp"
#include "catalogue/unit_mapping.hpp"

namespace kolcat::analysis {

namespace {

constexpr std::string_view kCountSuffix = ", antal";

const GenderValues* values_of(const std::map<std::string, ValueSeries>& series,
                              const std::string& unit, int period) {
    const auto found = series.find(unit);
    if (found == series.end()) {
        return nullptr;
    }
    const auto values = found->second.find(period);
    return values == found->second.end() ? nullptr : &values->second;
}

}  // namespace

bool is_count_title(std::string_view title) {
    return title.size() >= kCountSuffix.size() &&
           title.substr(title.size() - kCountSuffix.size()) == kCountSuffix;
}

bool is_county_count(std::string_view municipality_type, std::string_view title) {
    return municipality_type == "K" && is_count_title(title);
}

ValueSeries county_sums(const std::vector<std::string>& members,
                        const std::map<std::string, ValueSeries>& series) {
    ValueSeries sums;
    if (members.empty()) {
        return sums;
    }
    std::set<int> periods;
    for (const auto& member : members) {
        if (const auto found = series.find(member); found != series.end()) {
            for (const auto& [period, values] : found->second) {
                periods.insert(period);
            }
        }
    }
    for (const int period : periods) {
        GenderValues sum{0.0, 0.0, 0.0};
        for (const auto& member : members) {
            const GenderValues* values = values_of(series, member, period);
            auto add = [&](std::optional<double>& total, const std::optional<double>& value) {
                total = total && values != nullptr && value ? std::optional(*total + *value)
                                                            : std::nullopt;
            };
            add(sum.t, values != nullptr ? values->t : std::nullopt);
            add(sum.k, values != nullptr ? values->k : std::nullopt);
            add(sum.m, values != nullptr ? values->m : std::nullopt);
        }
        if (sum.any()) {
            sums.emplace(period, sum);
        }
    }
    return sums;
}

MissingMembers members_missing(const std::vector<std::string>& members,
                               const std::map<std::string, ValueSeries>& series, int period) {
    MissingMembers missing;
    for (const auto& member : members) {
        const GenderValues* values = values_of(series, member, period);
        if (values == nullptr || !values->t) {
            missing.t.push_back(member);
        }
        if (values == nullptr || !values->k) {
            missing.k.push_back(member);
        }
        if (values == nullptr || !values->m) {
            missing.m.push_back(member);
        }
    }
    return missing;
}

std::vector<std::string> county_sum_members(const catalogue::Catalogue& catalogue,
                                            std::string_view group_id) {
    const catalogue::County* county = catalogue::county_of_group(group_id);
    if (county == nullptr) {
        return {};
    }
    return municipalities_of_county(catalogue, std::string(county->region));
}

ValueSeries read_county_sums(const catalogue::Catalogue& catalogue, const std::string& kpi,
                             std::string_view group_id) {
    const auto members = county_sum_members(catalogue, group_id);
    if (members.empty()) {
        return {};
    }
    std::map<std::string, ValueSeries> series;
    catalogue::ValueQuery query;
    query.kpis = {kpi};
    query.units = members;
    catalogue.for_each_value(query, [&](const catalogue::Value& value) {
        if (!value.value || value.is_deleted) {
            return;
        }
        GenderValues& values = series[value.municipality][value.period];
        switch (value.gender) {
            case catalogue::Gender::T:
                values.t = value.value;
                break;
            case catalogue::Gender::K:
                values.k = value.value;
                break;
            case catalogue::Gender::M:
                values.m = value.value;
                break;
        }
    });
    return county_sums(members, series);
}

}  // namespace kolcat::analysis
