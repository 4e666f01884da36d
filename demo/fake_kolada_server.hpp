#pragma once
// An in-process imitation of the Kolada v3 API on 127.0.0.1, for integration tests, benchmarks
// and the offline demo. It serves a Dataset with the real envelope, paging and limits, and has
// switches (Faults) for the ways a public API misbehaves.
//
//   kolcat::demo::FakeKoladaServer server(dataset);
//   server.start();                          // returns once it listens
//   sync_from(server.base_url());            // "http://127.0.0.1:PORT/v3"
//   kolcat::demo::Faults faults;             // (g++ warns on designated initializers that
//   faults.http_503 = FaultSpec::count(2);   //  skip members, so assign the switches)
//   server.set_faults(faults);
//
// Thread-safe: the dataset and the faults may be changed between or during requests.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "demo/dataset.hpp"
#include "demo/faults.hpp"

namespace kolcat::demo {

struct ServerOptions {
    std::string host = "127.0.0.1";  // loopback only
    int port = 0;                    // 0: the OS picks a free port
    // Adds "X-Kolcat-Demo: true" to every answer (the bundled demo server).
    bool demo_header = false;
    // Compresses answers with gzip when the client accepts it, as a public API would.
    bool gzip = true;
    int default_per_page = 5000;
};

struct LoggedRequest {
    std::string target;  // path and query, as sent
    std::string path;    // decoded path
    std::chrono::system_clock::time_point time;
    int remote_port = -1;  // the same port on consecutive requests: a kept-alive connection
    int status = 0;
    bool data = false;  // a /data or /oudata request
};

struct ServerCounters {
    std::int64_t requests = 0;
    std::int64_t data_requests = 0;
    std::int64_t items_served = 0;   // data items on answered data pages
    std::int64_t values_served = 0;  // gender entries on answered data pages
    std::int64_t body_bytes = 0;     // as sent (after compression)
};

class FakeKoladaServer {
  public:
    explicit FakeKoladaServer(Dataset dataset = {}, ServerOptions options = {});
    ~FakeKoladaServer();  // stops and joins
    FakeKoladaServer(const FakeKoladaServer&) = delete;
    FakeKoladaServer& operator=(const FakeKoladaServer&) = delete;

    // Binds and starts serving in a background thread; returns once it accepts connections.
    // Throws std::runtime_error when it cannot bind.
    void start();
    void stop();

    int port() const;
    std::string origin() const;    // "http://127.0.0.1:PORT"
    std::string base_url() const;  // "http://127.0.0.1:PORT/v3"

    void set_dataset(Dataset dataset);
    void update_dataset(const std::function<void(Dataset&)>& change);
    void read_dataset(const std::function<void(const Dataset&)>& read) const;

    // Replaces the switches (and reseeds their random generator from faults.seed).
    void set_faults(Faults faults);
    void update_faults(const std::function<void(Faults&)>& change);
    void clear_faults() { set_faults(Faults{}); }
    FaultCounters fault_counters() const;

    std::vector<LoggedRequest> request_log() const;
    void clear_request_log();
    ServerCounters counters() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kolcat::demo
