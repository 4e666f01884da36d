#pragma once
// The web pages' entry point for the server: every GET outside /v3 (and the retired /v2) is a
// page. Sets the page's headers (HTML, or CSV for a download; the Content-Security-Policy
// relaxed for the pages' inline style sheet only) and turns a PageError, a catalogue failure or
// any other failure into an error page in the chosen language.

#include <httplib.h>

#include <chrono>

#include "serve/pages/compare_csv.hpp"

namespace kolcat::serve {

// The pages' Content-Security-Policy: nothing may be loaded from anywhere (no script, image,
// font or frame, not even from this server); only the inline <style> of the page applies.
inline constexpr const char* kPageContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

class ReadConnections;

// True when the request was a page (answered); false for /v3 and /v2, which the API answers.
// The page reads the catalogue through a borrowed connection, stopped at `deadline` as an API
// request is (a 400 page then).
bool answer_page(ReadConnections& connections, std::chrono::steady_clock::time_point deadline,
                 const CompareCsvWriter& write_csv, const httplib::Request& request,
                 httplib::Response& response);

}  // namespace kolcat::serve
