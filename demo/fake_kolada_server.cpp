// The fake Kolada v3 server.
//
// What it imitates, and where each rule comes from. The API facts are those of
// ../shared/kolada-snapshot/README.md. Details that README leaves open were checked against
// public clients of the real v3 API (rKolada's R code and tests, Python and TypeScript Kolada
// clients and MCP servers, found with the project's code search):
// - Paging: clients send page and per_page as query parameters and follow next_url until it is
//   null. All of them ask for per_page=5000 and call it the maximum; none documents the
//   server's default, so the default here is 5000 too (ServerOptions::default_per_page).
// - next_url / previous_url: absolute URLs of the same request with another page number (client
//   tests mock them as "https://api.kolada.se/v3/kpi?page=2"). The request's other parameters
//   are kept, re-encoded; "page" goes last.
// - A data request needs at least two of kpi, municipality and year (rKolada refuses fewer);
//   here fewer gives 400.
// - More than 25 ids: rKolada splits both data and metadata id lists into chunks of 25, so both
//   get a 400 here, as do per_page above 5000 and malformed years, pages and dates.
// - from_date: rKolada sends from_date=YYYY-MM-DD and drops entries whose "isdeleted" is true;
//   every gender entry of such an answer carries "isdeleted".
// - Error bodies are not documented anywhere we found. /v3/docs and /v3/openapi.json point to
//   FastAPI, whose errors look like {"detail": "..."}, so that is the shape used here. Clients
//   should rely on the status code alone.
// - count is the number of items on the page, an item being one kpi, unit and period.
// - The metadata lists come sorted by id, as in the snapshot's files.
// Longer than 400 lines on purpose: the rules it imitates, and where each comes from, stand
// at the top beside the one Impl that applies them, so they cannot drift apart.

#include "demo/fake_kolada_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <thread>
#include <variant>

#include "demo/dataset_source.hpp"
#include "demo/gzip.hpp"
#include "kolada_api/answer.hpp"
#include "kolada_api/page_url.hpp"

namespace kolcat::demo {

// The routing, paging, limits, errors and JSON are Kolada's, shared with `kolcat serve`.
using namespace kolada_api;

namespace {

constexpr const char* kJsonType = "application/json; charset=utf-8";

// Which switches fire for one request.
struct FaultPlan {
    int slow_ms = 0;
    int status = 0;  // 0: answer normally
    int retry_after_seconds = 0;
    std::string custom_body;
    bool truncated = false;
    bool invalid_json = false;
    bool foreign_next_url = false;
    bool looping_next_url = false;
    bool wrong_count = false;
    std::string foreign_origin;
    int drip_interval_ms = 0;  // 0: send at once
    int drip_max_ms = 0;
};

// A valid beginning, then bytes no JSON parser accepts (an HTML error page glued on).
std::string spoil_json(const std::string& body) {
    return body.substr(0, body.size() / 2) + "\x01<html><body>502 Bad Gateway</body></html>";
}

}  // namespace

struct FakeKoladaServer::Impl {
    ServerOptions options;
    httplib::Server http;
    std::thread thread;
    int port = -1;

    mutable std::shared_mutex dataset_mutex;
    Dataset dataset;

    mutable std::mutex state_mutex;  // everything below
    Faults faults;
    FaultDice dice;
    FaultCounters fault_counters;
    ServerCounters counters;
    std::vector<LoggedRequest> log;
    int data_pages_answered = 0;  // since the last set_faults, for the revision switch

    Impl(Dataset initial, ServerOptions server_options)
        : options(std::move(server_options)), dataset(std::move(initial)) {}

    std::string origin() const { return "http://" + options.host + ":" + std::to_string(port); }

    FaultPlan plan_faults(bool is_data) {
        FaultPlan plan;
        std::lock_guard lock(state_mutex);
        if (!is_data && faults.scope == FaultScope::data_only) {
            return plan;
        }
        if (dice.roll(faults.slow)) {
            plan.slow_ms = faults.slow_ms;
            ++fault_counters.slow;
        }
        const auto status_fault = [&](FaultSpec& spec, int status, std::int64_t& fired) {
            if (dice.roll(spec, plan.status == 0)) {
                plan.status = status;
                ++fired;
            }
        };
        status_fault(faults.http_503, 503, fault_counters.http_503);
        status_fault(faults.http_500, 500, fault_counters.http_500);
        status_fault(faults.http_429, 429, fault_counters.http_429);
        if (dice.roll(faults.custom_body, plan.status == 0)) {
            plan.status = faults.custom_status;
            plan.custom_body = faults.custom_body_text;
            ++fault_counters.custom_body;
        }
        plan.retry_after_seconds = faults.retry_after_seconds;
        const bool answering = plan.status == 0;
        plan.truncated = dice.roll(faults.truncated_body, answering);
        plan.invalid_json = dice.roll(faults.invalid_json, answering && !plan.truncated);
        plan.foreign_next_url = dice.roll(faults.foreign_next_url, answering);
        plan.looping_next_url =
            dice.roll(faults.looping_next_url, answering && !plan.foreign_next_url);
        plan.wrong_count = dice.roll(faults.wrong_count, answering);
        if (dice.roll(faults.drip, answering && !plan.truncated)) {
            plan.drip_interval_ms = std::max(1, faults.drip_interval_ms);
            plan.drip_max_ms = faults.drip_max_ms;
            ++fault_counters.drip;
        }
        fault_counters.truncated_body += plan.truncated;
        fault_counters.invalid_json += plan.invalid_json;
        fault_counters.foreign_next_url += plan.foreign_next_url;
        fault_counters.looping_next_url += plan.looping_next_url;
        fault_counters.wrong_count += plan.wrong_count;
        plan.foreign_origin = faults.foreign_origin.empty()
                                  ? "http://127.0.0.2:" + std::to_string(port)
                                  : faults.foreign_origin;
        return plan;
    }

    // The page's JSON, with the next_url and count faults applied.
    std::string answer_page(const httplib::Request& request, const kolada_api::ApiRequest& parsed,
                            const FaultPlan& plan) {
        const bool is_data = std::holds_alternative<kolada_api::DataRequest>(parsed);
        const auto own_origin = origin();
        const auto faulty_envelope = [&](kolada_api::Envelope& envelope,
                                         const kolada_api::Paging& paging) {
            if (plan.foreign_next_url) {
                envelope.next_url = kolada_api::page_url(plan.foreign_origin, request.path,
                                                         request.params, paging.page + 1);
            }
            if (plan.looping_next_url) {
                envelope.next_url =
                    kolada_api::page_url(own_origin, request.path, request.params, paging.page);
            }
            envelope.count += plan.wrong_count ? 1 : 0;
        };
        kolada_api::PageAnswer answer;
        {
            std::shared_lock lock(dataset_mutex);
            const DatasetSource source(dataset);
            answer = kolada_api::answer_page(source, parsed, own_origin, request.path,
                                             request.params, faulty_envelope);
        }
        if (is_data) {
            after_data_page(answer.content);
        }
        return std::move(answer.body);
    }

    void after_data_page(const kolada_api::PageContent& content) {
        std::function<void(Dataset&)> revision;
        {
            std::lock_guard lock(state_mutex);
            counters.items_served += static_cast<std::int64_t>(content.items);
            counters.values_served += static_cast<std::int64_t>(content.values);
            ++data_pages_answered;
            if (faults.revision && data_pages_answered >= faults.revision_after_pages) {
                revision = std::move(faults.revision);
                faults.revision = nullptr;
                ++fault_counters.revisions;
            }
        }
        if (revision) {
            // Before this page is sent: the client's next request sees the revised data.
            std::unique_lock lock(dataset_mutex);
            revision(dataset);
        }
    }

    void handle(const httplib::Request& request, httplib::Response& response) {
        const auto parsed =
            kolada_api::parse_api_request(request.path, request.params, options.default_per_page);
        const bool is_data = std::holds_alternative<kolada_api::DataRequest>(parsed);
        FaultPlan plan;
        if (!std::holds_alternative<kolada_api::ApiError>(parsed)) {
            plan = plan_faults(is_data);
        }
        if (plan.slow_ms > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(plan.slow_ms));
        }

        int status = 200;
        std::string body;
        try {
            if (const auto* error = std::get_if<kolada_api::ApiError>(&parsed)) {
                status = error->status;
                body = kolada_api::error_body(error->message);
            } else if (plan.status != 0) {
                status = plan.status;
                body =
                    plan.custom_body.empty()
                        ? kolada_api::error_body("Injected fault: HTTP " + std::to_string(status))
                        : plan.custom_body;
                if (status == 429) {
                    response.set_header("Retry-After", std::to_string(plan.retry_after_seconds));
                }
            } else {
                body = answer_page(request, parsed, plan);
            }
        } catch (const std::exception& failure) {
            status = 500;
            body =
                kolada_api::error_body(std::string("Fake Kolada server error: ") + failure.what());
        }
        if (plan.invalid_json) {
            body = spoil_json(body);
        }
        if (options.gzip && accepts_gzip(request.get_header_value("Accept-Encoding"))) {
            body = gzip_compress(body);
            response.set_header("Content-Encoding", "gzip");
        }
        if (options.demo_header) {
            response.set_header("X-Kolcat-Demo", "true");
        }
        response.status = status;
        if (plan.drip_interval_ms > 0) {
            send_drip(response, std::move(body), plan.drip_interval_ms, plan.drip_max_ms);
        } else {
            send_body(response, std::move(body), plan.truncated);
        }
        record(request, status, is_data);
    }

    // Always through a content provider with a declared length: httplib then neither compresses
    // again nor buffers, and a provider that gives up halfway yields a truly cut-off body.
    void send_body(httplib::Response& response, std::string body, bool truncated) {
        const auto shared = std::make_shared<const std::string>(std::move(body));
        const auto size = shared->size();
        const auto sent_limit = truncated ? size / 2 : size;
        {
            std::lock_guard lock(state_mutex);
            counters.body_bytes += static_cast<std::int64_t>(sent_limit);
        }
        response.set_content_provider(
            size, kJsonType,
            [shared, sent_limit](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                if (offset >= sent_limit) {
                    return false;  // httplib closes the connection: the client gets less than
                                   // the Content-Length it was promised
                }
                return sink.write(shared->data() + offset, std::min(length, sent_limit - offset));
            });
    }

    // One byte per interval, until the body is sent, the client hangs up, or max_ms passed.
    static void send_drip(httplib::Response& response, std::string body, int interval_ms,
                          int max_ms) {
        const auto shared = std::make_shared<const std::string>(std::move(body));
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_ms);
        response.set_content_provider(
            shared->size(), kJsonType,
            [shared, interval_ms, deadline](std::size_t offset, std::size_t,
                                            httplib::DataSink& sink) {
                if (std::chrono::steady_clock::now() >= deadline) {
                    return false;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
                return sink.write(shared->data() + offset, 1);
            });
    }

    void record(const httplib::Request& request, int status, bool is_data) {
        LoggedRequest entry;
        entry.target = request.target;
        entry.path = request.path;
        entry.time = std::chrono::system_clock::now();
        entry.remote_port = request.remote_port;
        entry.status = status;
        entry.data = is_data;
        std::lock_guard lock(state_mutex);
        ++counters.requests;
        counters.data_requests += is_data;
        log.push_back(std::move(entry));
    }
};

FakeKoladaServer::FakeKoladaServer(Dataset dataset, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(dataset), std::move(options))) {
    auto& http = impl_->http;
    http.set_tcp_nodelay(true);  // small answers must not wait for Nagle's algorithm
    http.set_keep_alive_max_count(1000000);
    http.Get(".*",
             [impl = impl_.get()](const httplib::Request& request, httplib::Response& response) {
                 impl->handle(request, response);
             });
}

FakeKoladaServer::~FakeKoladaServer() {
    stop();
}

void FakeKoladaServer::start() {
    if (impl_->thread.joinable()) {
        return;
    }
    auto& impl = *impl_;
    if (impl.options.port == 0) {
        impl.port = impl.http.bind_to_any_port(impl.options.host);
    } else if (impl.http.bind_to_port(impl.options.host, impl.options.port)) {
        impl.port = impl.options.port;
    }
    if (impl.port <= 0) {
        throw std::runtime_error("fake Kolada server: cannot listen on " + impl.options.host + ":" +
                                 std::to_string(impl.options.port));
    }
    impl.thread = std::thread([&impl] { impl.http.listen_after_bind(); });
    // The socket already listens; waiting for the accept loop makes stop() reliable.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!impl.http.is_running()) {
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("fake Kolada server: the accept loop did not start");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void FakeKoladaServer::stop() {
    if (impl_ && impl_->thread.joinable()) {
        impl_->http.stop();
        impl_->thread.join();
    }
}

int FakeKoladaServer::port() const {
    return impl_->port;
}

std::string FakeKoladaServer::origin() const {
    return impl_->origin();
}

std::string FakeKoladaServer::base_url() const {
    return impl_->origin() + "/v3";
}

void FakeKoladaServer::set_dataset(Dataset dataset) {
    std::unique_lock lock(impl_->dataset_mutex);
    impl_->dataset = std::move(dataset);
}

void FakeKoladaServer::update_dataset(const std::function<void(Dataset&)>& change) {
    std::unique_lock lock(impl_->dataset_mutex);
    change(impl_->dataset);
}

void FakeKoladaServer::read_dataset(const std::function<void(const Dataset&)>& read) const {
    std::shared_lock lock(impl_->dataset_mutex);
    read(impl_->dataset);
}

void FakeKoladaServer::set_faults(Faults faults) {
    std::lock_guard lock(impl_->state_mutex);
    impl_->dice = FaultDice(faults.seed);
    impl_->faults = std::move(faults);
    impl_->data_pages_answered = 0;
}

void FakeKoladaServer::update_faults(const std::function<void(Faults&)>& change) {
    std::lock_guard lock(impl_->state_mutex);
    change(impl_->faults);
}

FaultCounters FakeKoladaServer::fault_counters() const {
    std::lock_guard lock(impl_->state_mutex);
    return impl_->fault_counters;
}

std::vector<LoggedRequest> FakeKoladaServer::request_log() const {
    std::lock_guard lock(impl_->state_mutex);
    return impl_->log;
}

void FakeKoladaServer::clear_request_log() {
    std::lock_guard lock(impl_->state_mutex);
    impl_->log.clear();
}

ServerCounters FakeKoladaServer::counters() const {
    std::lock_guard lock(impl_->state_mutex);
    return impl_->counters;
}

}  // namespace kolcat::demo
