#include "demo/page_url.hpp"

namespace kolcat::demo {

std::string percent_encode(std::string_view text, std::string_view keep) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved || keep.find(c) != std::string_view::npos) {
            out.push_back(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0f]);
        }
    }
    return out;
}

std::string page_url(std::string_view origin, std::string_view path, const QueryParams& params,
                     int page) {
    std::string url(origin);
    url.append(percent_encode(path, "/,"));
    char separator = '?';
    for (const auto& [name, value] : params) {
        if (name == "page") {
            continue;
        }
        url.push_back(separator);
        url.append(percent_encode(name, ""));
        url.push_back('=');
        url.append(percent_encode(value, ","));
        separator = '&';
    }
    url.push_back(separator);
    url.append("page=");
    url.append(std::to_string(page));
    return url;
}

}  // namespace kolcat::demo
