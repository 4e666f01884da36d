#include "serve/server.hpp"

#include <arpa/inet.h>
#include <httplib.h>

#include <cctype>
#include <chrono>
#include <ctime>
#include <thread>
#include <variant>

#include "catalogue/catalogue.hpp"
#include "kolada_api/answer.hpp"
#include "kolada_api/render_page.hpp"
#include "serve/catalogue_source.hpp"
#include "serve/http_listener.hpp"
#include "serve/not_synced.hpp"
#include "serve/pages/page_router.hpp"
#include "serve/read_connections.hpp"
#include "serve/status.hpp"

namespace kolcat::serve {

namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr const char* kDeletionsKnownSinceHeader = "X-Kolcat-Deletions-Known-Since";

// "2026-12-04T15:20:00Z"
std::string utc_text(std::int64_t seconds) {
    const auto time = static_cast<std::time_t>(seconds);
    std::tm parts{};
    gmtime_r(&time, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

bool is_ip_literal(const std::string& text) {
    unsigned char buffer[sizeof(in6_addr)];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
           inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

bool is_wildcard(const std::string& address) {
    return address == "0.0.0.0" || address == "::";
}

// The name part of a Host header ("127.0.0.1:8080" -> "127.0.0.1", "[::1]:80" -> "::1"), or
// nullopt when the header is not a plain host and optional port.
std::optional<std::string> host_name(const std::string& host) {
    if (host.empty() || host.size() > 255) {
        return std::nullopt;
    }
    for (const char c : host) {
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' ||
                        c == ':' || c == '[' || c == ']';
        if (!ok) {
            return std::nullopt;
        }
    }
    std::string name;
    std::string port;
    if (host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string::npos) {
            return std::nullopt;
        }
        name = host.substr(1, close - 1);
        const auto rest = host.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                return std::nullopt;
            }
            port = rest.substr(1);
        }
    } else {
        const auto colon = host.find(':');
        name = host.substr(0, colon);
        if (colon != std::string::npos) {
            port = host.substr(colon + 1);
        }
    }
    for (const char c : port) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
    }
    if (name.empty() || port.size() > 5) {
        return std::nullopt;
    }
    return name;
}

// "10 s", "250 ms"
std::string duration_text(std::chrono::milliseconds duration) {
    const auto ms = duration.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

void set_security_headers(httplib::Response& response) {
    if (!response.has_header("X-Content-Type-Options")) {
        response.set_header("X-Content-Type-Options", "nosniff");
    }
    if (!response.has_header("Content-Security-Policy")) {
        response.set_header("Content-Security-Policy", "default-src 'none'");
    }
}

// The messages of the errors cpp-httplib answers itself, before any handler runs.
std::string http_error_message(int status) {
    switch (status) {
        case 400:
            return "Malformed HTTP request";
        case 413:
            return "A request to this server has no body";
        case 414:
            return "The URL is too long";
        case 404:
        case 405:
            return "Not found";
        default:
            return "HTTP error " + std::to_string(status);
    }
}

}  // namespace

bool is_loopback(const std::string& address) {
    if (address == "localhost" || address == "::1") {
        return true;
    }
    in_addr ipv4{};
    if (inet_pton(AF_INET, address.c_str(), &ipv4) == 1) {
        return (ntohl(ipv4.s_addr) >> 24) == 127;
    }
    return false;
}

struct Server::Impl {
    ServeOptions options;
    ReadConnections connections;
    RoutingServer http;
    HttpListener listener;
    std::thread thread;
    int port = -1;

    explicit Impl(ServeOptions serve_options)
        : options(std::move(serve_options)),
          connections(options.catalogue),
          listener(http, listener_limits(options)) {}

    static ListenerLimits listener_limits(const ServeOptions& options) {
        ListenerLimits limits;
        limits.workers = kWorkerThreads;
        limits.head_timeout = options.read_timeout;
        limits.write_timeout = options.read_timeout;
        limits.keep_alive_timeout = options.read_timeout;
        return limits;
    }

    // Against DNS rebinding, a page of another site must not reach the server through a name
    // of its own: the Host must be a loopback name, the address listened on, or (listening on
    // every interface) an address literal.
    bool host_allowed(const std::string& name) const {
        if (is_loopback(name) || name == options.listen) {
            return true;
        }
        return is_wildcard(options.listen) && is_ip_literal(name);
    }

    std::string origin_of(const httplib::Request& request) const {
        if (request.has_header("Host")) {
            return "http://" + request.get_header_value("Host");
        }
        const bool v6 = options.listen.find(':') != std::string::npos;
        return "http://" + (v6 ? "[" + options.listen + "]" : options.listen) + ":" +
               std::to_string(port);
    }

    void handle(const httplib::Request& request, httplib::Response& response) {
        const auto deadline = std::chrono::steady_clock::now() + options.request_time_limit;
        set_security_headers(response);
        if (request.has_header("Host")) {
            const auto name = host_name(request.get_header_value("Host"));
            if (!name || !host_allowed(*name)) {
                reply(response, 421,
                      kolada_api::error_body("This server does not answer for that Host"));
                return;
            }
        }
        try {
            answer(request, response, deadline);
        } catch (const RequestTimeLimit&) {
            reply(response, 400,
                  kolada_api::error_body(
                      "The request took longer than " + duration_text(options.request_time_limit) +
                      " and was stopped: ask for less (fewer ids or years, a smaller per_page)"));
        } catch (const catalogue::CatalogueError& failure) {
            reply(response, 503, kolada_api::error_body(failure.what()));
        } catch (const std::exception& failure) {
            reply(response, 500,
                  kolada_api::error_body(std::string("kolcat serve: ") + failure.what()));
        }
    }

    void answer(const httplib::Request& request, httplib::Response& response,
                std::chrono::steady_clock::time_point deadline) {
        if (answer_page(connections, deadline, options.compare_csv, request, response)) {
            return;
        }
        if (request.path == "/v3/status") {
            auto lease = connections.lease(deadline);
            lease.run([&](const catalogue::Catalogue& catalogue) {
                mark_demo(catalogue, response);
                reply(response, 200, status_json(catalogue));
            });
            return;
        }
        const auto parsed = kolada_api::parse_api_request(request.path, request.params);
        if (const auto* error = std::get_if<kolada_api::ApiError>(&parsed)) {
            reply(response, error->status, kolada_api::error_body(error->message));
            return;
        }
        auto lease = connections.lease(deadline);
        lease.run([&](const catalogue::Catalogue& catalogue) {
            answer_from(catalogue, request, parsed, response);
        });
    }

    void answer_from(const catalogue::Catalogue& catalogue, const httplib::Request& request,
                     const kolada_api::ApiRequest& parsed, httplib::Response& response) const {
        mark_demo(catalogue, response);
        if (const auto* data = std::get_if<kolada_api::DataRequest>(&parsed)) {
            const auto known_since = catalogue.deletions_known_since();
            if (data->query.from_date && from_date_seconds(*data->query.from_date) < known_since) {
                // An upgraded catalogue: what it deleted before then is not known.
                response.set_header(kDeletionsKnownSinceHeader, utc_text(known_since));
            }
        }
        const auto* metadata = std::get_if<kolada_api::MetadataRequest>(&parsed);
        const CatalogueSource source(catalogue,
                                     metadata ? metadata->ids : std::vector<std::string>{});
        auto page = kolada_api::answer_page(source, parsed, origin_of(request), request.path,
                                            request.params);
        if (const auto* data = std::get_if<kolada_api::DataRequest>(&parsed)) {
            const auto header = not_synced_header(catalogue, data->query);
            response.set_header(kNotSyncedHeader, header.value);
            response.set_header(kNotSyncedCountHeader, std::to_string(header.count));
        }
        reply(response, 200, std::move(page.body));
    }

    // Made-up data stays labelled as such in a catalogue synced from this one (the demo
    // server's header, which kolcat sync reads).
    static void mark_demo(const catalogue::Catalogue& catalogue, httplib::Response& response) {
        if (catalogue::holds_demo_data(catalogue)) {
            response.set_header("X-Kolcat-Demo", "true");
        }
    }

    static void reply(httplib::Response& response, int status, std::string body) {
        response.status = status;
        response.set_content(std::move(body), kJsonType);
    }
};

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    // Connections are accepted and read by HttpListener (the limits on a request's head);
    // cpp-httplib routes and answers each request.
    auto& http = impl_->http;
    http.set_payload_max_length(0);  // read-only: no request has a body
    // Before any route, so that every page and the API share the limit.
    http.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
        if (request.target.size() <= kMaxTargetLength) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        set_security_headers(response);
        response.status = 414;
        response.set_content(kolada_api::error_body("The URL is longer than " +
                                                    std::to_string(kMaxTargetLength) + " bytes"),
                             kJsonType);
        return httplib::Server::HandlerResponse::Handled;
    });
    // The errors cpp-httplib answers itself (a URL over its own 8 KiB limit, a body, a
    // malformed request line) carry the v3 envelope too.
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request&, httplib::Response& response) {
            set_security_headers(response);
            if (!response.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            response.set_content(kolada_api::error_body(http_error_message(response.status)),
                                 kJsonType);
            return httplib::Server::HandlerResponse::Handled;
        }));
    http.Get(".*",
             [impl = impl_.get()](const httplib::Request& request, httplib::Response& response) {
                 impl->handle(request, response);
             });
}

Server::~Server() {
    stop();
}

void Server::bind() {
    auto& impl = *impl_;
    const auto& listen = impl.options.listen;
    impl.port = impl.listener.bind(listen, impl.options.port);
    if (impl.port <= 0) {
        throw ServeError("cannot listen on " + listen + " port " +
                         std::to_string(impl.options.port) +
                         " (is the port in use, or the address not this machine's?)");
    }
}

int Server::port() const {
    return impl_->port;
}

std::vector<std::string> Server::urls() const {
    const auto& listen = impl_->options.listen;
    const auto port = std::to_string(impl_->port);
    std::vector<std::string> hosts;
    if (is_wildcard(listen)) {
        hosts.push_back(listen == "::" ? "[::1]" : "127.0.0.1");
        hosts.push_back("<this machine's address>");
    } else {
        hosts.push_back(listen.find(':') != std::string::npos ? "[" + listen + "]" : listen);
    }
    std::vector<std::string> urls;
    for (const auto& host : hosts) {
        urls.push_back("http://" + host + ":" + port + "/v3");
    }
    return urls;
}

void Server::start() {
    auto& impl = *impl_;
    if (impl.thread.joinable()) {
        return;
    }
    impl.thread = std::thread([&impl] { impl.listener.run(); });
    // Waiting for the accept loop makes a stop() that comes at once reliable.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!impl.listener.is_running()) {
        if (std::chrono::steady_clock::now() > deadline) {
            throw ServeError("the server's accept loop did not start");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void Server::stop() {
    if (impl_ && impl_->thread.joinable()) {
        impl_->listener.stop();
        impl_->thread.join();
    }
}

}  // namespace kolcat::serve
