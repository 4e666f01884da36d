#pragma once
// Counts compared across counties. A K-type key figure (municipalities only) reaches a region
// through its county group, whose values are Kolada's unweighted mean of the municipalities.
// For a rate or a share that mean is a fair comparison; for a count ("Utflyttade, antal") it is
// not: a county's number of people who moved away is the sum over its municipalities, not
// their average. So for a count the county's value is computed here as the sum of its
// municipalities' stored values, for each of T, K and M separately, and only when every member
// has a stored value for that gender and year; otherwise it is missing, with the members that
// lack one.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/compare_stats.hpp"

namespace kolcat::catalogue {
class Catalogue;
}  // namespace kolcat::catalogue

namespace kolcat::analysis {

// How a county's municipalities are labelled when their sum stands in for the county.
inline constexpr std::string_view kCountySumLabel = "sum of the county's municipalities";

using ValueSeries = std::map<int, GenderValues>;  // period -> values

// A count: Kolada's title ends in ", antal" ("Utflyttade, antal").
bool is_count_title(std::string_view title);
// A count of type K: a region's value is then the sum of its county's municipalities.
bool is_county_count(std::string_view municipality_type, std::string_view title);

// Year by year, the sum of the members' values, each gender only when every member has it.
// `series`: each unit's values; a member without an entry has no value in any year.
ValueSeries county_sums(const std::vector<std::string>& members,
                        const std::map<std::string, ValueSeries>& series);

// The members without a value in `period`, per gender, in the members' order.
struct MissingMembers {
    std::vector<std::string> t;
    std::vector<std::string> k;
    std::vector<std::string> m;

    bool empty() const { return t.empty() && k.empty() && m.empty(); }
};
MissingMembers members_missing(const std::vector<std::string>& members,
                               const std::map<std::string, ValueSeries>& series, int period);

// The county's municipalities whose values are summed, for a county group id ("G33632"):
// municipalities_of_county of its region (compare.hpp). Empty for any other id.
std::vector<std::string> county_sum_members(const catalogue::Catalogue& catalogue,
                                            std::string_view group_id);

// The sums of a key figure's stored values over the county group's municipalities, every
// year, read from the catalogue (for the report's trend, which reads single series).
ValueSeries read_county_sums(const catalogue::Catalogue& catalogue, const std::string& kpi,
                             std::string_view group_id);

}  // namespace kolcat::analysis
