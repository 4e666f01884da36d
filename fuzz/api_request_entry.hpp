#pragma once
// The request reader of the v3 API (kolada_api/), fed any bytes as one request target, the way
// the demo server and `kolcat serve` use it: parse_api_request, then, for a request it accepts,
// the whole page answer_page builds from the demo data. Shared by the libFuzzer target
// (fuzz_api_request.cpp) and the replay that CTest runs without clang (replay_api_request.cpp).
//
// The input is "path?query": the query splits at '&' into "name=value" pairs (the first '='),
// as cpp-httplib hands them over after decoding, so every byte may appear in a path, a name or
// a value. What must hold, else abort() (a finding):
//   * no exception escapes (the reader answers a refusal as an ApiError);
//   * a refusal is 400, 404 or 410 with a message, and its body is valid JSON;
//   * an accepted request keeps the API's limits: at most 25 ids per list, per_page 1..5000,
//     page from 1;
//   * its answer is valid JSON (UTF-8 included) with count = the number of values, at most
//     per_page, and a next_url on the server's origin.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "demo/dataset.hpp"
#include "demo/dataset_source.hpp"
#include "demo/load_dataset.hpp"
#include "kolada_api/answer.hpp"
#include "kolada_api/render_page.hpp"
#include "kolada_api/request.hpp"

namespace kolcat::fuzz_api {

inline void require(bool condition, const char* what, std::string_view input) {
    if (!condition) {
        std::fprintf(stderr, "api_request: %s, for the input of %zu bytes: ", what, input.size());
        std::fwrite(input.data(), 1, input.size(), stderr);
        std::fputc('\n', stderr);
        std::abort();
    }
}

inline const demo::Dataset& dataset() {
    static const demo::Dataset data = demo::load_dataset(KOLCAT_DEMO_DATA_DIR);
    return data;
}

inline kolada_api::QueryParams split_query(std::string_view query) {
    kolada_api::QueryParams params;
    while (!query.empty()) {
        const auto end = query.find('&');
        const auto pair = query.substr(0, end);
        query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
        if (pair.empty()) {
            continue;
        }
        const auto equals = pair.find('=');
        params.emplace(std::string(pair.substr(0, equals)),
                       equals == std::string_view::npos ? std::string()
                                                        : std::string(pair.substr(equals + 1)));
    }
    return params;
}

inline bool parses_as_json(const std::string& text) {
    return nlohmann::json::accept(text);
}

inline void check_ids(const std::vector<std::string>& ids, std::string_view input) {
    require(ids.size() <= static_cast<std::size_t>(kolada_api::kMaxIdsPerList),
            "more than 25 ids accepted", input);
}

inline void run_api_request(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto question = input.find('?');
    const auto path = input.substr(0, question);
    const auto params = split_query(
        question == std::string_view::npos ? std::string_view() : input.substr(question + 1));
    const auto request = kolada_api::parse_api_request(path, params);
    if (const auto* error = std::get_if<kolada_api::ApiError>(&request)) {
        require(error->status == 400 || error->status == 404 || error->status == 410,
                "a refusal with another status", input);
        require(!error->message.empty(), "a refusal without a message", input);
        require(parses_as_json(kolada_api::error_body(error->message)),
                "a refusal's body is not valid JSON", input);
        return;
    }
    const auto& paging = kolada_api::paging_of(request);
    require(paging.page >= 1, "page below 1 accepted", input);
    require(paging.per_page >= 1 && paging.per_page <= kolada_api::kMaxPerPage,
            "per_page out of 1..5000 accepted", input);
    if (const auto* metadata = std::get_if<kolada_api::MetadataRequest>(&request)) {
        check_ids(metadata->ids, input);
    } else {
        const auto& query = std::get<kolada_api::DataRequest>(request).query;
        check_ids(query.kpis, input);
        check_ids(query.units, input);
        require(query.years.size() <= static_cast<std::size_t>(kolada_api::kMaxIdsPerList),
                "more than 25 years accepted", input);
    }
    const std::string origin = "http://127.0.0.1:8080";
    const demo::DatasetSource source(dataset());
    const auto answer = kolada_api::answer_page(source, request, origin, path, params);
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    require(!body.is_discarded(), "an answer is not valid JSON", input);
    require(body.is_object() && body.contains("values") && body["values"].is_array() &&
                body.contains("count"),
            "an answer without values and count", input);
    const auto count = body["count"].get<std::size_t>();
    require(count == body["values"].size(), "count differs from the values sent", input);
    require(count <= static_cast<std::size_t>(paging.per_page), "more values than per_page", input);
    if (body.contains("next_url") && body["next_url"].is_string()) {
        const auto next = body["next_url"].get<std::string>();
        require(next.rfind(origin + "/", 0) == 0, "next_url not on the server's origin", input);
    }
}

}  // namespace kolcat::fuzz_api
