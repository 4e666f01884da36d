#pragma once
// The web pages' entry point for the server: every GET outside /v3 (and the retired /v2) is a
// page. Sets the page's headers (HTML, or CSV for a download; the Content-Security-Policy
// relaxed for the pages' inline style sheet only) and turns a PageError, a catalogue failure or
// any other failure into an error page in the chosen language.

#include <httplib.h>

#include <filesystem>

#include "serve/pages/compare_csv.hpp"

namespace kolcat::serve {

// The pages' Content-Security-Policy: nothing may be loaded from anywhere (no script, image,
// font or frame, not even from this server); only the inline <style> of the page applies.
inline constexpr const char* kPageContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

// True when the request was a page (answered); false for /v3 and /v2, which the API answers.
bool answer_page(const std::filesystem::path& catalogue, const CompareCsvWriter& write_csv,
                 const httplib::Request& request, httplib::Response& response);

}  // namespace kolcat::serve
