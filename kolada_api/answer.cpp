#include "kolada_api/answer.hpp"

#include <stdexcept>
#include <variant>

#include "kolada_api/page_url.hpp"

namespace kolcat::kolada_api {

const Paging& paging_of(const ApiRequest& request) {
    if (const auto* data = std::get_if<DataRequest>(&request)) {
        return data->paging;
    }
    if (const auto* metadata = std::get_if<MetadataRequest>(&request)) {
        return metadata->paging;
    }
    throw std::logic_error("paging_of: an error has no paging");
}

PageAnswer answer_page(const DataSource& source, const ApiRequest& request, std::string_view origin,
                       std::string_view path, const QueryParams& params,
                       const EnvelopeAdjuster& adjust) {
    const auto& paging = paging_of(request);
    PageAnswer answer;
    if (const auto* data = std::get_if<DataRequest>(&request)) {
        answer.content = render_data_items(source, *data, answer.body);
    } else {
        answer.content =
            render_metadata_items(source, std::get<MetadataRequest>(request), answer.body);
    }
    Envelope envelope;
    envelope.count = answer.content.items;
    if (answer.content.has_next) {
        envelope.next_url = page_url(origin, path, params, paging.page + 1);
    }
    if (paging.page > 1) {
        envelope.previous_url = page_url(origin, path, params, paging.page - 1);
    }
    if (adjust) {
        adjust(envelope, paging);
    }
    append_envelope_tail(answer.body, envelope.count, envelope.next_url, envelope.previous_url);
    return answer;
}

}  // namespace kolcat::kolada_api
