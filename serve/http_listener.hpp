#pragma once
// The accepting side of `kolcat serve`: its own listening socket, accept loop, workers and
// keep-alive loop, handing each request to cpp-httplib's request processing (routing, handlers,
// error answers) through a stream that enforces what cpp-httplib 0.11 does not: a request's
// head (request line and headers) must arrive whole within `head_timeout` and within
// `max_head_bytes`. cpp-httplib's own loop times each read only, so a client that trickles its
// headers in, or sends headers without end, would hold a worker forever or fill the memory.
//
//   HttpListener listener(http_server, limits);
//   int port = listener.bind("127.0.0.1", 0);   // -1 when it cannot listen
//   std::thread([&] { listener.run(); });       // until stop()
//   listener.stop();

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <set>
#include <string>

namespace kolcat::serve {

struct ListenerLimits {
    std::size_t workers = 16;
    // The request line and headers, whole, within this time and size; a request cut short
    // gets 400 (cpp-httplib's answer to a malformed request) and the connection is closed.
    std::chrono::milliseconds head_timeout = std::chrono::seconds(5);
    std::size_t max_head_bytes = 32 * 1024;
    // A client that reads none of its answer for this long is disconnected.
    std::chrono::milliseconds write_timeout = std::chrono::seconds(5);
    // An idle keep-alive connection is closed after this long, and after this many requests.
    std::chrono::milliseconds keep_alive_timeout = std::chrono::seconds(5);
    int keep_alive_max_requests = 100;
};

// httplib::Server with its request processing reachable from outside its own accept loop.
class RoutingServer : public httplib::Server {
  public:
    using httplib::Server::process_request;
};

class HttpListener {
  public:
    HttpListener(RoutingServer& server, ListenerLimits limits);
    ~HttpListener();
    HttpListener(const HttpListener&) = delete;
    HttpListener& operator=(const HttpListener&) = delete;

    // Binds and listens; returns the port, or -1.
    int bind(const std::string& host, int port);
    // Accepts and serves connections until stop(); returns once every worker has finished.
    void run();
    bool is_running() const { return running_; }
    // Stops accepting, ends every open connection and makes run() return.
    void stop();

  private:
    void serve_connection(int fd);

    RoutingServer& server_;
    ListenerLimits limits_;
    int listen_fd_ = -1;
    int wake_fd_ = -1;  // an eventfd that stop() signals
    std::atomic<bool> running_{false};
    std::atomic<bool> stopping_{false};
    std::mutex connections_mutex_;
    std::set<int> connections_;
};

}  // namespace kolcat::serve
