#pragma once
// A page request's question: its query parameters, checked. Every choice a page offers is a GET
// parameter, so the URL holds the whole question. A page names the parameters it accepts; an
// unknown one, a repeated one or an overlong value is refused with a 400 page (PageError), so a
// mistyped bookmark says what is wrong instead of silently showing something else.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace kolcat::serve {

// A request a page cannot answer: the status (400, 404) and a message in English, shown on the
// error page under the localised heading.
class PageError : public std::runtime_error {
  public:
    PageError(int status, const std::string& message)
        : std::runtime_error(message), status_(status) {}
    int status() const { return status_; }

  private:
    int status_;
};

class PageQuery {
  public:
    // The longest value a parameter may have (a search text, a year set, a list of units).
    static constexpr std::size_t kMaxValueLength = 200;

    explicit PageQuery(std::multimap<std::string, std::string> params);

    // Throws PageError(400) naming the first parameter that is not in `accepted`, or that is
    // given twice, or whose value is longer than kMaxValueLength.
    void accept_only(const std::vector<std::string>& accepted) const;

    // The value, or nullopt when the parameter is absent or empty (an empty form field).
    std::optional<std::string> value(const std::string& name) const;
    // A whole number in [low, high]; PageError(400) otherwise.
    std::optional<int> int_value(const std::string& name, int low, int high) const;
    // A unit id such as 0025, 2580 or G33632 (letters and digits only); PageError(400) otherwise.
    std::optional<std::string> id_value(const std::string& name) const;

  private:
    std::multimap<std::string, std::string> params_;
};

// True for an id Kolada could have given (a key figure, unit or group): 1 to 40 ASCII letters,
// digits, '_' or '-'. Anything else in a page's path is answered 404 before the catalogue is asked.
bool plausible_id(const std::string& id);

// Percent-encodes a query value or path segment: everything but A-Z a-z 0-9 - . _ ~.
std::string url_encode(const std::string& text);

}  // namespace kolcat::serve
