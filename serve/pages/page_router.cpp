#include "serve/pages/page_router.hpp"

#include <chrono>

#include "catalogue/catalogue.hpp"
#include "catalogue/unit_mapping.hpp"
#include "serve/pages/pages.hpp"
#include "serve/read_connections.hpp"

namespace kolcat::serve {
namespace {

bool starts_with(const std::string& text, std::string_view prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Kolada's API versions, /v3 and the retired /v2 (whose answer says where v3 is): the API's,
// never a page.
bool is_api_path(const std::string& path) {
    for (const std::string_view version : {"/v2", "/v3"}) {
        if (path == version || starts_with(path, std::string(version) + "/")) {
            return true;
        }
    }
    return false;
}

// The rest of the path after `prefix`, when it is one non-empty segment.
std::optional<std::string> segment_after(const std::string& path, std::string_view prefix) {
    if (!starts_with(path, prefix) || path.size() == prefix.size()) {
        return std::nullopt;
    }
    std::string rest = path.substr(prefix.size());
    if (rest.find('/') != std::string::npos) {
        return std::nullopt;
    }
    return rest;
}

int goal_number(const std::string& text, int high) {
    const PageQuery parsed({{"n", text}});
    try {
        return parsed.int_value("n", 1, high).value_or(0);
    } catch (const PageError&) {
        throw PageError(404,
                        "no goal " + text.substr(0, 40) + " (1 to " + std::to_string(high) + ")");
    }
}

// The focus region of every page: any unit the catalogue knows but Riket, which is always shown
// beside it as the national row.
void check_focus(const catalogue::Catalogue& catalogue, const std::string& region) {
    if (region == catalogue::kRiketId) {
        throw PageError(400,
                        "the focus region cannot be Riket (0000): it is always the national "
                        "row");
    }
    if (!catalogue.all_municipalities().empty() && !catalogue.unit_title(region)) {
        throw PageError(404, "unit " + region + " (region) is not in the catalogue");
    }
}

PageAnswer route(const PageContext& context, const PageQuery& query,
                 const CompareCsvWriter& write_csv) {
    const std::string& path = context.path;
    PageAnswer answer;
    if (path == "/") {
        answer.body = start_page(context, query);
    } else if (path == "/search") {
        answer.body = search_page(context, query);
    } else if (path == "/new") {
        answer.body = new_page(context, query);
    } else if (path == "/breakdown") {
        answer.body = breakdown_page(context, query);
    } else if (const auto kpi = segment_after(path, "/kpi/")) {
        if (ends_with(*kpi, ".excel-sv.csv")) {
            return kpi_download(context, query, kpi->substr(0, kpi->size() - 13),
                                CsvFlavour::excel_sv, write_csv);
        }
        if (ends_with(*kpi, ".csv")) {
            return kpi_download(context, query, kpi->substr(0, kpi->size() - 4),
                                CsvFlavour::rfc4180, write_csv);
        }
        answer.body = kpi_page(context, query, *kpi);
    } else if (const auto goal = segment_after(path, "/goal/")) {
        answer.body =
            tag_page(context, query, TagKind::goal, std::to_string(goal_number(*goal, 6)));
    } else if (const auto sdg = segment_after(path, "/sdg/")) {
        answer.body = tag_page(context, query, TagKind::sdg, std::to_string(goal_number(*sdg, 17)));
    } else if (const auto target = segment_after(path, "/target/")) {
        answer.body = tag_page(context, query, TagKind::target, *target);
    } else if (const auto unit = segment_after(path, "/unit/")) {
        answer.body = unit_page(context, query, *unit);
    } else {
        throw PageError(404, "no page at this address");
    }
    return answer;
}

void send(httplib::Response& response, const PageAnswer& answer) {
    response.status = answer.status;
    if (!answer.filename.empty()) {
        response.set_header("Content-Disposition",
                            "attachment; filename=\"" + answer.filename + "\"");
    }
    response.set_content(answer.body, answer.content_type);
}

}  // namespace

bool answer_page(ReadConnections& connections, std::chrono::steady_clock::time_point deadline,
                 const CompareCsvWriter& write_csv, const httplib::Request& request,
                 httplib::Response& response) {
    if (is_api_path(request.path)) {
        return false;
    }
    response.headers.erase("Content-Security-Policy");
    response.set_header("Content-Security-Policy", kPageContentSecurityPolicy);
    PageContext context;
    context.path = request.path;
    context.now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    std::multimap<std::string, std::string> params(request.params.begin(), request.params.end());
    for (const auto& [name, value] : params) {
        context.params.emplace_back(name, value);
    }
    PageAnswer answer;
    std::optional<ReadConnections::Lease> lease;
    try {
        const PageQuery query(params);
        const auto lang = params.find("lang");
        context.lang_in_url = lang != params.end();
        context.language = choose_language(
            context.lang_in_url ? std::optional<std::string>(lang->second) : std::nullopt,
            request.get_header_value("Accept-Language"));
        if (const auto region = query.id_value("region")) {
            context.region = *region;
            context.region_in_url = true;
        }
        lease.emplace(connections.lease(deadline));
        answer = lease->run([&](catalogue::Catalogue& catalogue) {
            context.catalogue = &catalogue;
            if (context.region_in_url) {
                check_focus(catalogue, context.region);
            }
            return route(context, query, write_csv);
        });
    } catch (const PageError& error) {
        answer.status = error.status();
        answer.body = render_error_page(context, error.status(), error.what());
    } catch (const RequestTimeLimit&) {
        answer.status = 400;
        context.catalogue = nullptr;  // interrupted: the footer leaves out the data's age
        answer.body = render_error_page(
            context, 400,
            "the page took longer than the server's time limit and was stopped: ask for less "
            "(fewer units or years)");
    } catch (const catalogue::CatalogueError& error) {
        answer.status = 503;
        context.catalogue = nullptr;  // unreadable: the footer leaves out the data's age
        answer.body = render_error_page(context, 503, error.what());
    } catch (const std::exception& error) {
        answer.status = 500;
        answer.body = render_error_page(context, 500, std::string("kolcat serve: ") + error.what());
    }
    send(response, answer);
    return true;
}

}  // namespace kolcat::serve
