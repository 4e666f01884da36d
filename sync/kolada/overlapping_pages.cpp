#include "sync/kolada/overlapping_pages.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace kolcat::sync {
namespace {

std::vector<std::string_view> split_query(std::string_view query) {
    std::vector<std::string_view> parts;
    while (!query.empty()) {
        const auto amp = query.find('&');
        parts.push_back(query.substr(0, amp));
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    return parts;
}

std::string_view parameter_name(std::string_view part) {
    return part.substr(0, part.find('='));
}

std::string_view parameter_value(std::string_view part) {
    const auto equals = part.find('=');
    return equals == std::string_view::npos ? std::string_view{} : part.substr(equals + 1);
}

template <typename Number>
std::optional<Number> positive_number(std::string_view text) {
    Number number{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size() || number < 1) {
        return std::nullopt;
    }
    return number;
}

}  // namespace

std::optional<PagePosition> page_position(const http::Url& url) {
    std::optional<std::int64_t> page;
    std::optional<int> per_page;
    const std::string query = url.query.value_or("");  // outlives the views into it
    for (const std::string_view part : split_query(query)) {
        const std::string_view name = parameter_name(part);
        if (name != "page" && name != "per_page") {
            continue;
        }
        // A parameter named twice is left to the server to read: kolcat does not guess which.
        const bool is_page = name == "page";
        if (is_page ? page.has_value() : per_page.has_value()) {
            return std::nullopt;
        }
        if (is_page) {
            page = positive_number<std::int64_t>(parameter_value(part));
            if (!page) {
                return std::nullopt;
            }
        } else {
            per_page = positive_number<int>(parameter_value(part));
            if (!per_page) {
                return std::nullopt;
            }
        }
    }
    if (!per_page) {
        return std::nullopt;
    }
    return PagePosition{page.value_or(1), *per_page};
}

http::Url with_page_position(http::Url url, PagePosition position) {
    std::string query;
    const auto append = [&query](std::string_view part) {
        if (!query.empty()) {
            query += '&';
        }
        query += part;
    };
    const std::string old_query = url.query.value_or("");  // outlives the views into it
    for (const std::string_view part : split_query(old_query)) {
        const std::string_view name = parameter_name(part);
        if (name != "page" && name != "per_page") {
            append(part);
        }
    }
    append("per_page=" + std::to_string(position.per_page));
    append("page=" + std::to_string(position.page));
    url.query = std::move(query);
    return url;
}

std::string page_key(const http::Url& url) {
    const auto position = page_position(url);
    return position ? with_page_position(url, *position).to_string() : url.to_string();
}

std::int64_t max_overlapping_pages(std::int64_t first_per_page) {
    return std::min<std::int64_t>(70, first_per_page / 2);
}

std::optional<PagePosition> next_overlapping(PagePosition current) {
    const std::int64_t first_per_page = current.per_page + current.page - 1;
    if (current.page >= max_overlapping_pages(first_per_page) || current.per_page < 2) {
        return std::nullopt;
    }
    return PagePosition{current.page + 1, current.per_page - 1};
}

OverlappingRead overlapping_read(std::int64_t items, int per_page) {
    OverlappingRead read;
    PagePosition position{1, per_page};
    std::int64_t reached = per_page;
    while (reached < items) {
        ++read.pages;
        if (const auto next = next_overlapping(position); next && !read.beyond_overlap) {
            position = *next;
            reached = position.page * position.per_page;
        } else {
            read.beyond_overlap = true;
            ++position.page;
            reached += position.per_page;
        }
    }
    return read;
}

}  // namespace kolcat::sync
