#pragma once
// `kolcat serve`'s HTTP server: the catalogue, read-only, as Kolada's v3 API under /v3.
//
//   kolcat::serve::Server server({"127.0.0.1", 8080, "/path/catalogue.sqlite"});
//   server.bind();   // throws ServeError when it cannot listen
//   server.start();  // serves on a background thread; returns once it accepts connections
//   ...
//   server.stop();   // stops and joins (also the destructor)
//
// Each request opens the catalogue read-only for its own time: a sync may write meanwhile
// (WAL), and the next request sees what it committed, without a restart.

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

struct ServeOptions {
    std::string listen = "127.0.0.1";
    int port = 8080;  // 0: the system picks a free port
    std::filesystem::path catalogue;
    // The CSV of a comparison as `kolcat compare --format csv` writes it, for the key-figure
    // pages' downloads (serve/pages/compare_csv.hpp); without it they answer 404.
    CompareCsvWriter compare_csv;
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
