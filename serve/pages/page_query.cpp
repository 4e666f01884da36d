#include "serve/pages/page_query.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace kolcat::serve {

PageQuery::PageQuery(std::multimap<std::string, std::string> params) : params_(std::move(params)) {}

void PageQuery::accept_only(const std::vector<std::string>& accepted) const {
    std::set<std::string> seen;
    for (const auto& [name, value] : params_) {
        const std::string shown = name.size() > 40 ? name.substr(0, 40) + "..." : name;
        if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
            std::string names;
            for (const auto& known : accepted) {
                names += (names.empty() ? "" : ", ") + known;
            }
            throw PageError(400,
                            "unknown parameter '" + shown + "' (this page takes: " + names + ")");
        }
        if (!seen.insert(name).second) {
            throw PageError(400, "parameter '" + shown + "' is given more than once");
        }
        if (value.size() > kMaxValueLength) {
            throw PageError(400, "parameter '" + shown + "' is longer than " +
                                     std::to_string(kMaxValueLength) + " characters");
        }
    }
}

std::optional<std::string> PageQuery::value(const std::string& name) const {
    const auto found = params_.find(name);
    if (found == params_.end() || found->second.empty()) {
        return std::nullopt;
    }
    return found->second;
}

std::optional<int> PageQuery::int_value(const std::string& name, int low, int high) const {
    const auto text = value(name);
    if (!text) {
        return std::nullopt;
    }
    int number = 0;
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, number);
    if (error != std::errc() || stop != end || number < low || number > high) {
        throw PageError(400, "parameter '" + name + "' must be a whole number from " +
                                 std::to_string(low) + " to " + std::to_string(high));
    }
    return number;
}

std::optional<std::string> PageQuery::id_value(const std::string& name) const {
    const auto text = value(name);
    if (text && !plausible_id(*text)) {
        throw PageError(400, "parameter '" + name + "' must be an id such as 0025 or G33632");
    }
    return text;
}

bool plausible_id(const std::string& id) {
    if (id.empty() || id.size() > 40) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

std::string url_encode(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0F];
        }
    }
    return out;
}

}  // namespace kolcat::serve
