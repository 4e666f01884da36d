#pragma once
// Walks the pages of one request by following next_url, for metadata and data alike.
// It guards the walk: a next_url to another origin is refused (a hostile or broken server must
// not send kolcat elsewhere), a next_url seen before in the same chain is a loop, and a chain
// longer than a generous cap is stopped, so a broken server can never keep a sync busy forever.
// On request it asks for pages that overlap (overlapping_pages.hpp) instead of following next_url,
// which then only says whether there is more; the server's next_url is still checked as above.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sync/http/json_fetcher.hpp"
#include "sync/http/sync_error.hpp"
#include "sync/http/url.hpp"
#include "sync/kolada/kolada_json.hpp"
#include "sync/kolada/overlapping_pages.hpp"

namespace kolcat::sync {

// 100 000 pages of 5 000 rows is far beyond any Kolada answer (the largest, /kpi, has two):
// the cap only stops a server that pages forever with fresh URLs.
inline constexpr std::size_t default_max_pages = 100'000;

template <typename Item>
struct FetchedPage {
    std::string url;  // where this page came from
    std::vector<Item> items;
    std::optional<std::string> next_url;  // absolute, checked; nullopt on the last page
};

class Pager {
  public:
    // `first_url` is absolute. `origin_url` is the URL whose origin every page must share
    // (normally the API's base URL); empty means the origin of `first_url`.
    // Throws SyncError when either URL is invalid or they differ in origin.
    Pager(http::JsonFetcher& fetcher, const std::string& first_url,
          const std::string& origin_url = {}, std::size_t max_pages = default_max_pages);

    // Fetches and maps the next page, or returns nullopt when the chain has ended.
    // Throws SyncError: a fetch that failed for good, an answer that breaks the API's format
    // (the message names the URL), a next_url to another origin, a loop, or too many pages.
    template <typename Item>
    std::optional<FetchedPage<Item>> next(Page<Item> (*parse)(const nlohmann::json&)) {
        const auto url = start_fetch();
        if (!url) {
            return std::nullopt;
        }
        Page<Item> page;
        try {
            page = parse(fetcher_.get_json(*url));
        } catch (const KoladaFormatError& error) {
            throw http::SyncError(format_error_message(*url, error.what()));
        } catch (const nlohmann::json::exception& error) {
            throw http::SyncError(format_error_message(*url, error.what()));
        }
        return FetchedPage<Item>{*url, std::move(page.items), accept_next(page.next_url)};
    }

    // The same for a parser that reads the body's text itself (parse_value_text): no JSON
    // document is built. Its syntax errors are retried by the fetcher, as get_json's are.
    template <typename Item>
    std::optional<FetchedPage<Item>> next(Page<Item> (*parse)(std::string_view)) {
        const auto url = start_fetch();
        if (!url) {
            return std::nullopt;
        }
        Page<Item> page;
        try {
            fetcher_.get_body(*url, [&page, parse](std::string_view body) {
                page = parse(body);
                return page.checked_depth;
            });
        } catch (const KoladaFormatError& error) {
            throw http::SyncError(format_error_message(*url, error.what()));
        } catch (const nlohmann::json::exception& error) {
            throw http::SyncError(format_error_message(*url, error.what()));
        }
        return FetchedPage<Item>{*url, std::move(page.items), accept_next(page.next_url)};
    }

    bool done() const { return !pending_; }
    std::size_t pages_fetched() const { return pages_fetched_; }

    // From the next page on, asks each page to overlap the one before while the URL names its
    // per_page and max_overlapping_pages allows; after that, follows next_url again for good.
    void overlap_pages() { overlap_ = true; }
    // Whether the page `next` returned last was asked to overlap the one before it.
    bool last_page_overlaps() const { return fetching_overlap_; }

  private:
    std::optional<std::string> start_fetch();
    std::optional<std::string> accept_next(const std::optional<std::string>& next_url);
    static std::string format_error_message(const std::string& url, const std::string& what);

    http::JsonFetcher& fetcher_;
    http::Url origin_;
    http::Url current_;
    std::optional<std::string> pending_;  // the URL to fetch next
    std::set<std::string> seen_;          // page_key of every page fetched or announced
    std::size_t pages_fetched_ = 0;
    std::size_t max_pages_;
    bool overlap_ = false;
    bool pending_overlaps_ = false;  // pending_ was built to overlap the page before
    bool fetching_overlap_ = false;
};

}  // namespace kolcat::sync
