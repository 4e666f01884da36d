#pragma once
// RAII owners for libcurl's C handles, so that no CURL* or curl_slist* can leak or escape.

#include <curl/curl.h>

#include <memory>
#include <string>

namespace kolcat::http {

// Calls curl_global_init() once per process (thread-safe). libcurl requires it before any
// other call when threads are involved; curl_global_cleanup() is deliberately never called,
// as handles may live until exit.
void ensure_curl_global_init();

class CurlEasy {
  public:
    // Throws std::runtime_error when libcurl cannot allocate a handle.
    CurlEasy();
    CURL* get() const { return handle_.get(); }

  private:
    struct Deleter {
        void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
    };
    std::unique_ptr<CURL, Deleter> handle_;
};

// A list of request headers. curl keeps a pointer to it while a request is set up with it,
// so it must outlive every transfer that uses it.
class CurlHeaderList {
  public:
    // Throws std::runtime_error when libcurl cannot allocate.
    void append(const std::string& header);
    curl_slist* get() const { return list_.get(); }

  private:
    struct Deleter {
        void operator()(curl_slist* list) const { curl_slist_free_all(list); }
    };
    std::unique_ptr<curl_slist, Deleter> list_;
};

}  // namespace kolcat::http
