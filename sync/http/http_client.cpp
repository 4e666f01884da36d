#include "sync/http/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <new>
#include <stdexcept>

#include "sync/http/interruption.hpp"

namespace kolcat::http {
namespace {

std::string to_lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string describe_size(std::size_t bytes) {
    constexpr std::size_t mib = 1024 * 1024;
    if (bytes >= mib && bytes % mib == 0) {
        return std::to_string(bytes / mib) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

// What one transfer collects; curl's callbacks write into it.
struct Transfer {
    std::size_t max_body_bytes = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool too_large = false;
    bool out_of_memory = false;
};

// Returning fewer bytes than offered makes curl abort the transfer with CURLE_WRITE_ERROR.
// No exception may cross back into C code (neither here nor in on_header).
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (bytes > transfer.max_body_bytes - transfer.body.size()) {
        transfer.too_large = true;
        return 0;
    }
    try {
        transfer.body.append(data, bytes);
    } catch (const std::bad_alloc&) {
        transfer.out_of_memory = true;
        return 0;
    }
    return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    const std::string_view line(data, bytes);
    try {
        // A status line starts a new header block (after "100 Continue" or a proxy's CONNECT
        // answer): only the final answer's headers count.
        if (line.starts_with("HTTP/")) {
            transfer.headers.clear();
        } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
            transfer.headers.emplace_back(to_lower(trim(line.substr(0, colon))),
                                          std::string(trim(line.substr(colon + 1))));
        }
    } catch (const std::bad_alloc&) {
        transfer.out_of_memory = true;
        return 0;
    }
    return bytes;
}

TransportError classify(CURLcode code, const Transfer& transfer) {
    switch (code) {
        case CURLE_OK:
            return TransportError::none;
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError::timeout;
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_WEIRD_SERVER_REPLY:
            return TransportError::connection;
        case CURLE_PARTIAL_FILE:
        case CURLE_BAD_CONTENT_ENCODING:
            return TransportError::truncated;
        case CURLE_FILESIZE_EXCEEDED:
            return TransportError::too_large;
        case CURLE_WRITE_ERROR:
            return transfer.too_large ? TransportError::too_large : TransportError::other;
        default:
            return TransportError::other;
    }
}

// libcurl calls this often during a transfer, and about once a second while it waits for the
// server: a non-zero answer aborts the transfer, so that Ctrl-C does not wait for a slow answer.
int on_progress(void* /*user*/, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/,
                curl_off_t /*ultotal*/, curl_off_t /*ulnow*/) {
    return interruption_signal() != 0 ? 1 : 0;
}

template <typename Value>
void set_option(CURL* easy, CURLoption option, Value value) {
    const CURLcode code = curl_easy_setopt(easy, option, value);
    if (code != CURLE_OK) {
        throw std::runtime_error(std::string("cannot configure libcurl: ") +
                                 curl_easy_strerror(code));
    }
}

}  // namespace

std::string redact_url(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t scheme_end = text.find("://", pos);
        if (scheme_end == std::string_view::npos) {
            break;
        }
        const std::size_t authority_start = scheme_end + 3;
        std::size_t authority_end = authority_start;
        while (authority_end < text.size() &&
               std::string_view("/?#\"' \t\r\n<>").find(text[authority_end]) ==
                   std::string_view::npos) {
            ++authority_end;
        }
        const std::string_view authority =
            text.substr(authority_start, authority_end - authority_start);
        result.append(text.substr(pos, authority_start - pos));
        if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
            result.append("***");
            result.append(authority.substr(at));
        } else {
            result.append(authority);
        }
        pos = authority_end;
    }
    result.append(text.substr(std::min(pos, text.size())));
    return result;
}

std::string default_user_agent() {
    const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
    return std::string("kolcat/") + KOLCAT_VERSION + " (Kolada open-data catalogue; libcurl/" +
           (curl != nullptr && curl->version != nullptr ? curl->version : "?") + ")";
}

std::string_view to_string(TransportError error) {
    switch (error) {
        case TransportError::none:
            return "ok";
        case TransportError::timeout:
            return "timeout";
        case TransportError::connection:
            return "connection failed";
        case TransportError::truncated:
            return "cut-off body";
        case TransportError::too_large:
            return "response too large";
        case TransportError::other:
            return "transfer failed";
    }
    return "transfer failed";
}

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    const std::string wanted = to_lower(name);
    for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
        if (it->first == wanted) {
            return it->second;
        }
    }
    return std::nullopt;
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
    CURL* easy = easy_.get();
    request_headers_.append("Accept: application/json");
    set_option(easy, CURLOPT_HTTPHEADER, request_headers_.get());
    set_option(easy, CURLOPT_USERAGENT, options_.user_agent.c_str());
    // "" asks for every encoding this libcurl can decode (gzip at least), and decodes it.
    set_option(easy, CURLOPT_ACCEPT_ENCODING, "");
    set_option(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    set_option(easy, CURLOPT_FOLLOWLOCATION, 0L);
    // Timeouts without signals: safe in threaded programs.
    set_option(easy, CURLOPT_NOSIGNAL, 1L);
    set_option(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    set_option(easy, CURLOPT_CONNECTTIMEOUT_MS,
               static_cast<long>(options_.connect_timeout.count()));
    set_option(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.transfer_timeout.count()));
    if (options_.stall_timeout.count() > 0) {
        set_option(easy, CURLOPT_LOW_SPEED_LIMIT, std::max(1L, options_.stall_bytes_per_second));
        set_option(easy, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.stall_timeout.count()));
    }
    // Refuses at once an answer whose Content-Length announces too much; the write callback
    // catches the rest (no Content-Length, or a body that inflates when decoded).
    set_option(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
    set_option(easy, CURLOPT_WRITEFUNCTION, &on_body);
    set_option(easy, CURLOPT_HEADERFUNCTION, &on_header);
    set_option(easy, CURLOPT_XFERINFOFUNCTION, &on_progress);
    set_option(easy, CURLOPT_NOPROGRESS, 0L);
}

HttpResponse HttpClient::get(const std::string& url) {
    CURL* easy = easy_.get();
    Transfer transfer;
    transfer.max_body_bytes = options_.max_body_bytes;
    char error_buffer[CURL_ERROR_SIZE] = {};
    set_option(easy, CURLOPT_URL, url.c_str());
    set_option(easy, CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
    set_option(easy, CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
    set_option(easy, CURLOPT_ERRORBUFFER, error_buffer);

    const CURLcode code = curl_easy_perform(easy);
    // The buffer dies with this frame: curl must not keep pointing at it.
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));

    HttpResponse response;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &response.status);
    long new_connections = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &new_connections);
    connections_opened_ += new_connections;
    response.headers = std::move(transfer.headers);
    response.error = classify(code, transfer);

    if (transfer.out_of_memory) {
        response.error = TransportError::other;
        response.error_message = "out of memory while receiving the response";
    } else if (response.error == TransportError::too_large) {
        response.error_message = "response larger than " + describe_size(options_.max_body_bytes);
    } else if (response.error != TransportError::none) {
        response.error_message =
            redact_url(error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code));
    } else {
        // libcurl notices most cut-off bodies itself (CURLE_PARTIAL_FILE); this also catches
        // the rest. Both counts are of the bytes on the wire, before decoding.
        curl_off_t announced = -1;
        curl_off_t received = 0;
        curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
        curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
        if (announced >= 0 && received < announced) {
            response.error = TransportError::truncated;
            response.error_message = "body ended after " + std::to_string(received) + " of " +
                                     std::to_string(announced) + " bytes";
        }
    }
    if (response.error == TransportError::none) {
        response.body = std::move(transfer.body);
    }
    return response;
}

}  // namespace kolcat::http
