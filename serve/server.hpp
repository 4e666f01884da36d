#pragma once
// `kolcat serve`'s HTTP server: the catalogue, read-only, as Kolada's v3 API under /v3.
//
//   kolcat::serve::Server server({"127.0.0.1", 8080, "/path/catalogue.sqlite"});
//   server.bind();   // throws ServeError when it cannot listen
//   server.start();  // serves on a background thread; returns once it accepts connections
//   ...
//   server.stop();   // stops and joins (also the destructor)
//
// Requests borrow read-only connections that stay open (serve/read_connections.hpp): a sync
// may write meanwhile (WAL), and the next request sees what it committed, without a restart.
//
// Limits (README "Limits"): a request target of at most kMaxTargetLength bytes (414 beyond),
// no request body (413), the catalogue's work for one request within request_time_limit (400
// beyond), and a request's line and headers whole within read_timeout and 32 KiB
// (serve/http_listener.hpp).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "serve/pages/compare_csv.hpp"

namespace kolcat::serve {

class ServeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// The longest request target (path and query, as sent) answered; Kolada's longest useful
// URL, three lists of 25 ids, is under 1 KB.
inline constexpr std::size_t kMaxTargetLength = 4096;
// Requests served at once; further connections wait for a free worker.
inline constexpr std::size_t kWorkerThreads = 16;

struct ServeOptions {
    std::string listen = "127.0.0.1";
    int port = 8080;  // 0: the system picks a free port
    std::filesystem::path catalogue;
    // The CSV of a comparison as `kolcat compare --format csv` writes it, for the key-figure
    // pages' downloads (serve/pages/compare_csv.hpp); without it they answer 404.
    CompareCsvWriter compare_csv;
    // The catalogue's work for one request stops at this bound, with a 400 answer.
    std::chrono::milliseconds request_time_limit = std::chrono::seconds(10);
    // A request's line and headers must arrive whole within this time; a client that reads
    // none of its answer for this long is disconnected, and so is an idle keep-alive one.
    std::chrono::milliseconds read_timeout = std::chrono::seconds(5);
};

// True for an address only this machine reaches: 127.0.0.0/8, ::1, "localhost".
bool is_loopback(const std::string& address);

class Server {
  public:
    explicit Server(ServeOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    void bind();
    int port() const;
    // The base URLs it answers on ("http://127.0.0.1:8080/v3").
    std::vector<std::string> urls() const;
    void start();
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kolcat::serve
