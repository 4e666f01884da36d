#pragma once
// The one year syntax of every command: "2015", "2010-2023", "2010-", "-2015" and lists of
// those such as "2015,2020,2022-2023". A set keeps its open ends open: a reader resolves them
// against the years that exist (contains, latest_of), a sync against stated bounds (resolve).

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kolcat::catalogue {

// The years a year may name at all: a four-digit year outside them is a typo.
inline constexpr int kFirstValidYear = 1900;
inline constexpr int kLastValidYear = 2100;

// Thrown for text that is not a year set; what() is the one message every command prints.
class YearSyntaxError : public std::invalid_argument {
  public:
    explicit YearSyntaxError(const std::string& text);
};

// One piece of a set: a year, a closed range or a range open at one end (never both).
struct YearSpan {
    std::optional<int> first;  // nothing: from the earliest year
    std::optional<int> last;   // nothing: up to the latest year
    bool operator==(const YearSpan&) const = default;
};

class YearSet {
  public:
    YearSet() = default;  // the empty set (no year); parse_year_set never returns one
    explicit YearSet(std::vector<YearSpan> spans);

    const std::vector<YearSpan>& spans() const { return spans_; }
    bool contains(int year) const;
    // True when the set names exactly one year ("2015"): that year is shown even without values.
    std::optional<int> single_year() const;
    // The smallest and largest year the set can hold; nothing for an open end.
    std::optional<int> lowest() const;
    std::optional<int> highest() const;
    // The latest of `years` (in any order) that the set contains.
    std::optional<int> latest_of(const std::vector<int>& years) const;
    // Every year of the set, ascending, an open start read as `earliest` and an open end as
    // `latest`; closed spans are kept as written even outside those bounds.
    std::vector<int> resolve(int earliest, int latest) const;
    // The canonical text: spans ascending, merged where they touch ("2015,2020-2023", "2010-").
    std::string text() const;

    bool operator==(const YearSet&) const = default;

  private:
    std::vector<YearSpan> spans_;  // sorted, overlapping and adjacent spans merged
};

// Parses the year syntax. Spaces around the pieces of a list are ignored. Throws
// YearSyntaxError on anything else: empty text or pieces, a year outside 1900-2100, a range
// whose first year is after its last, "-" alone.
YearSet parse_year_set(std::string_view text);

}  // namespace kolcat::catalogue
