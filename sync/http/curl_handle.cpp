#include "sync/http/curl_handle.hpp"

#include <mutex>
#include <stdexcept>

namespace kolcat::http {

void ensure_curl_global_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (code != CURLE_OK) {
            throw std::runtime_error(std::string("cannot initialise libcurl: ") +
                                     curl_easy_strerror(code));
        }
    });
}

CurlEasy::CurlEasy() {
    ensure_curl_global_init();
    handle_.reset(curl_easy_init());
    if (!handle_) {
        throw std::runtime_error("cannot create a libcurl handle");
    }
}

void CurlHeaderList::append(const std::string& header) {
    // curl_slist_append returns a new head (the old one on the first call is null), or null on
    // failure, in which case the old list is untouched and still ours.
    curl_slist* head = curl_slist_append(list_.get(), header.c_str());
    if (head == nullptr) {
        throw std::runtime_error("cannot allocate a libcurl header list");
    }
    (void)list_.release();
    list_.reset(head);
}

}  // namespace kolcat::http
