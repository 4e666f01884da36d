#pragma once
// One page of a Kolada v3 answer, whole: the items a source finds for a parsed request, then
// the envelope with count and the absolute next_url and previous_url of the same request on
// the server's origin. The demo server and `kolcat serve` both answer through it.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kolada_api/data_source.hpp"
#include "kolada_api/render_page.hpp"
#include "kolada_api/request.hpp"

namespace kolcat::kolada_api {

struct Envelope {
    std::size_t count = 0;
    std::optional<std::string> next_url;
    std::optional<std::string> previous_url;
};

struct PageAnswer {
    std::string body;
    PageContent content;
};

// Changes the envelope before it is written (the demo server's faults do).
using EnvelopeAdjuster = std::function<void(Envelope&, const Paging&)>;

const Paging& paging_of(const ApiRequest& request);

// `request` must be a MetadataRequest or a DataRequest (not an ApiError). `origin` is
// "http://host:port"; `path` and `params` are the request's own, decoded.
PageAnswer answer_page(const DataSource& source, const ApiRequest& request, std::string_view origin,
                       std::string_view path, const QueryParams& params,
                       const EnvelopeAdjuster& adjust = {});

}  // namespace kolcat::kolada_api
