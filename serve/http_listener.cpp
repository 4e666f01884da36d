#include "serve/http_listener.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <thread>

namespace kolcat::serve {

namespace {

using Clock = std::chrono::steady_clock;

int milliseconds_until(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

// Waits until fd is ready for `events`, or until the deadline; false on timeout or error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    while (true) {
        pollfd poll_fd{fd, events, 0};
        const int ready = ::poll(&poll_fd, 1, milliseconds_until(deadline));
        if (ready > 0) {
            return true;
        }
        if (ready == 0 ? Clock::now() >= deadline : errno != EINTR) {
            return false;
        }
    }
}

std::string address_text(const sockaddr_storage& address, int& port) {
    char text[INET6_ADDRSTRLEN] = "";
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    return text;
}

// One connection as cpp-httplib reads and writes it, with the limits of the request being read:
// its head must arrive by a deadline and within a size. Reads are buffered, as cpp-httplib's own
// socket stream does, because its line reader asks for one byte at a time.
class GuardedStream : public httplib::Stream {
  public:
    GuardedStream(int fd, const ListenerLimits& limits) : fd_(fd), limits_(limits) {}

    // The budget of the next request, from now.
    void start_request() {
        deadline_ = Clock::now() + limits_.head_timeout;
        read_this_request_ = 0;
    }
    bool has_buffered() const { return position_ < size_; }

    bool is_readable() const override { return has_buffered() || wait_for(fd_, POLLIN, deadline_); }
    bool is_writable() const override {
        return wait_for(fd_, POLLOUT, Clock::now() + limits_.write_timeout);
    }

    ssize_t read(char* data, size_t size) override {
        if (read_this_request_ >= limits_.max_head_bytes) {
            return -1;  // headers without end: cut off
        }
        if (!has_buffered()) {
            if (Clock::now() >= deadline_ || !wait_for(fd_, POLLIN, deadline_)) {
                return -1;  // the head did not arrive in time
            }
            const auto got = ::recv(fd_, buffer_, sizeof buffer_, 0);
            if (got <= 0) {
                return got;
            }
            position_ = 0;
            size_ = static_cast<std::size_t>(got);
        }
        const auto count =
            std::min({size, size_ - position_, limits_.max_head_bytes - read_this_request_});
        std::copy_n(buffer_ + position_, count, data);
        position_ += count;
        read_this_request_ += count;
        return static_cast<ssize_t>(count);
    }

    ssize_t write(const char* data, size_t size) override {
        std::size_t sent = 0;
        while (sent < size) {
            if (!is_writable()) {
                return -1;
            }
            const auto wrote = ::send(fd_, data + sent, size - sent, MSG_NOSIGNAL);
            if (wrote < 0 && errno == EINTR) {
                continue;
            }
            if (wrote <= 0) {
                return -1;
            }
            sent += static_cast<std::size_t>(wrote);
        }
        return static_cast<ssize_t>(sent);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
            ip = address_text(address, port);
        }
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
            ip = address_text(address, port);
        }
    }
    socket_t socket() const override { return fd_; }

  private:
    int fd_;
    const ListenerLimits& limits_;
    Clock::time_point deadline_ = Clock::now();
    std::size_t read_this_request_ = 0;
    char buffer_[4096];
    std::size_t position_ = 0;
    std::size_t size_ = 0;
};

}  // namespace

HttpListener::HttpListener(RoutingServer& server, ListenerLimits limits)
    : server_(server), limits_(limits), wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

HttpListener::~HttpListener() {
    if (listen_fd_ >= 0) {
        ::close(listen_fd_);
    }
    if (wake_fd_ >= 0) {
        ::close(wake_fd_);
    }
}

int HttpListener::bind(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
        return -1;
    }
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
    for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
        const int fd =
            ::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
        if (fd < 0) {
            continue;
        }
        // SO_REUSEADDR only: a restart may take the port over from connections still closing,
        // but a second server may not share it (SO_REUSEPORT would let two answer in turn).
        int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, address->ai_addr, address->ai_addrlen) == 0 && ::listen(fd, 64) == 0) {
            sockaddr_storage bound{};
            socklen_t length = sizeof bound;
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
            int bound_port = -1;
            address_text(bound, bound_port);
            listen_fd_ = fd;
            return bound_port;
        }
        ::close(fd);
    }
    return -1;
}

void HttpListener::run() {
    if (listen_fd_ < 0 || wake_fd_ < 0) {
        return;
    }
    httplib::ThreadPool workers(limits_.workers);
    running_ = true;
    while (!stopping_) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0 || (fds[1].revents & POLLIN) != 0) {
            continue;  // interrupted, or stop() woke us: the loop condition decides
        }
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of descriptors: let the workers close some before accepting again.
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            continue;
        }
        int yes = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        {
            const std::lock_guard lock(connections_mutex_);
            connections_.insert(fd);
        }
        workers.enqueue([this, fd] { serve_connection(fd); });
    }
    workers.shutdown();
    running_ = false;
}

void HttpListener::serve_connection(int fd) {
    GuardedStream stream(fd, limits_);
    for (int left = limits_.keep_alive_max_requests; left > 0 && !stopping_; --left) {
        // Waiting for the next request is not part of its time: a keep-alive client may pause.
        if (!stream.has_buffered() &&
            !wait_for(fd, POLLIN, Clock::now() + limits_.keep_alive_timeout)) {
            break;
        }
        stream.start_request();
        bool closed = false;
        const bool ok = server_.process_request(stream, left == 1 || stopping_, closed, nullptr);
        if (!ok || closed) {
            break;
        }
    }
    {
        const std::lock_guard lock(connections_mutex_);
        connections_.erase(fd);
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

void HttpListener::stop() {
    stopping_ = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto woke = ::write(wake_fd_, &one, sizeof one);
    // Open connections end now: a worker waiting on one wakes with an error.
    const std::lock_guard lock(connections_mutex_);
    for (const int fd : connections_) {
        ::shutdown(fd, SHUT_RDWR);
    }
}

}  // namespace kolcat::serve
