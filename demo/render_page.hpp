#pragma once
// The JSON of an answer: the items of one page, then the v3 envelope around them,
// {"values": [...], "count": n, "next_url": ..., "previous_url": ...}.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "demo/api_request.hpp"
#include "demo/dataset.hpp"

namespace kolcat::demo {

struct PageContent {
    std::size_t items = 0;   // items on this page
    std::size_t values = 0;  // gender entries on this page (data pages)
    bool has_next = false;   // a further page exists
};

// Appends `{"values":[` and the page's items to out.
PageContent render_metadata_items(const Dataset& dataset, const MetadataRequest& request,
                                  std::string& out);
PageContent render_data_items(const Dataset& dataset, const DataRequest& request, std::string& out);
// Closes what render_*_items began.
void append_envelope_tail(std::string& out, std::size_t count,
                          const std::optional<std::string>& next_url,
                          const std::optional<std::string>& previous_url);

// {"detail": message}: the error body (the shape FastAPI gives, which v3 appears to be built on).
std::string error_body(std::string_view message);

}  // namespace kolcat::demo
