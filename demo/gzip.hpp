#pragma once
// gzip for answers. The server compresses by itself, at zlib's fastest level, because
// cpp-httplib 0.11 would pick Brotli at its slowest quality whenever a client accepts "br".

#include <string>
#include <string_view>

namespace kolcat::demo {

std::string gzip_compress(std::string_view data);

// True when an Accept-Encoding header value lists gzip.
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace kolcat::demo
