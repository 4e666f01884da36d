#include "sync/kolada/pager.hpp"

#include <utility>

namespace kolcat::sync {
namespace {

http::Url parse_or_throw(const std::string& text, const char* what) {
    try {
        return http::parse_url(text);
    } catch (const http::UrlError& error) {
        throw http::SyncError(std::string(what) + ": " + error.what());
    }
}

}  // namespace

Pager::Pager(http::JsonFetcher& fetcher, const std::string& first_url,
             const std::string& origin_url, std::size_t max_pages)
    : fetcher_(fetcher),
      origin_(parse_or_throw(origin_url.empty() ? first_url : origin_url, "bad API URL")),
      current_(parse_or_throw(first_url, "bad request URL")),
      max_pages_(max_pages) {
    if (!http::same_origin(origin_, current_)) {
        throw http::SyncError("refusing to fetch from another host: " + current_.to_string() +
                              " (the API is " + origin_.origin() + ")");
    }
    pending_ = current_.to_string();
    seen_.insert(page_key(current_));
}

std::optional<std::string> Pager::start_fetch() {
    if (!pending_) {
        return std::nullopt;
    }
    if (pages_fetched_ >= max_pages_) {
        throw http::SyncError(
            "stopped after " + std::to_string(max_pages_) +
            " pages of one request; the server keeps sending next_url: " + *pending_);
    }
    ++pages_fetched_;
    fetching_overlap_ = pending_overlaps_;
    pending_overlaps_ = false;
    auto url = std::move(*pending_);
    pending_.reset();
    return url;
}

std::optional<std::string> Pager::accept_next(const std::optional<std::string>& next_url) {
    if (!next_url) {
        return std::nullopt;
    }
    http::Url next;
    try {
        next = http::resolve_url(current_, *next_url);
    } catch (const http::UrlError& error) {
        throw http::SyncError(std::string("bad next_url: ") + error.what());
    }
    if (!http::same_origin(origin_, next)) {
        throw http::SyncError("refusing next_url to another host: " + next.to_string());
    }
    auto text = next.to_string();
    if (!seen_.insert(page_key(next)).second) {
        throw http::SyncError("next_url loops back to a page already fetched: " + text);
    }
    if (overlap_) {
        const auto position = page_position(current_);
        if (const auto overlapping = position ? next_overlapping(*position) : std::nullopt) {
            current_ = with_page_position(current_, *overlapping);
            seen_.insert(page_key(current_));
            pending_ = current_.to_string();
            pending_overlaps_ = true;
            return pending_;
        }
        overlap_ = false;
    }
    current_ = std::move(next);
    pending_ = text;
    return text;
}

std::string Pager::format_error_message(const std::string& url, const std::string& what) {
    return "malformed answer from " + url + ": " + what;
}

}  // namespace kolcat::sync
