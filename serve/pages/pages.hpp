#pragma once
// The web pages of `kolcat serve`, one function per kind of page (one file each). Each checks
// its own parameters (PageQuery::accept_only), reads the catalogue and returns the finished
// HTML; a request it cannot answer throws PageError, which the router turns into an error page.

#include <string>

#include "serve/pages/compare_csv.hpp"
#include "serve/pages/page_frame.hpp"
#include "serve/pages/page_query.hpp"

namespace kolcat::serve {

struct PageAnswer {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    std::string filename;  // set for a download: Content-Disposition: attachment
};

std::string start_page(const PageContext& context, const PageQuery& query);
std::string search_page(const PageContext& context, const PageQuery& query);
std::string kpi_page(const PageContext& context, const PageQuery& query, const std::string& id);
// /kpi/{id}.csv and /kpi/{id}.excel-sv.csv: what `kolcat compare ID --format csv` prints.
PageAnswer kpi_download(const PageContext& context, const PageQuery& query, const std::string& id,
                        CsvFlavour flavour, const CompareCsvWriter& write_csv);

// `compare --goal N`, `--sdg N` and `--target ID` as a page.
enum class TagKind { goal, sdg, target };
std::string tag_page(const PageContext& context, const PageQuery& query, TagKind kind,
                     const std::string& tag);
std::string breakdown_page(const PageContext& context, const PageQuery& query);
// What is new: the values changed since ?since= (default: the sync before the last one).
std::string new_page(const PageContext& context, const PageQuery& query);
std::string unit_page(const PageContext& context, const PageQuery& query, const std::string& id);

}  // namespace kolcat::serve
