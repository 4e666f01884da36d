#pragma once
// A JsonFetcher for unit tests: answers from a script keyed by URL and records every request.
// An answer is a JSON body or a failure (SyncError, as the real fetcher throws when its retry
// budget is spent). Unscripted URLs fail the same way, so a test notices a wrong request.

#include <cstdint>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sync/http/json_fetcher.hpp"
#include "sync/http/sync_error.hpp"

namespace kolcat::testing {

struct ScriptedFailure {
    std::string message;
};

class ScriptedJsonFetcher : public http::JsonFetcher {
  public:
    using Answer = std::variant<nlohmann::json, ScriptedFailure>;

    // The answer for every request of `url` (until overridden or queued answers run out).
    void on(const std::string& url, nlohmann::json body) { always_[url] = std::move(body); }
    // One-off answers for `url`, used before the standing answer, in order.
    void once(const std::string& url, Answer answer) { queued_[url].push_back(std::move(answer)); }
    void fail_always(const std::string& url, const std::string& message) {
        always_.erase(url);
        failing_[url] = message;
    }
    void clear_failure(const std::string& url) { failing_.erase(url); }
    void set_header(const std::string& name, const std::string& value) { headers_[name] = value; }

    nlohmann::json get_json(const std::string& url) override {
        ++requests_;
        log_.push_back(url);
        if (auto q = queued_.find(url); q != queued_.end() && !q->second.empty()) {
            Answer answer = std::move(q->second.front());
            q->second.pop_front();
            if (auto* failure = std::get_if<ScriptedFailure>(&answer)) {
                throw http::SyncError(failure->message);
            }
            return std::get<nlohmann::json>(std::move(answer));
        }
        if (auto f = failing_.find(url); f != failing_.end()) {
            throw http::SyncError(f->second);
        }
        if (auto a = always_.find(url); a != always_.end()) {
            return a->second;
        }
        throw http::SyncError("scripted fetcher: no answer for " + url);
    }

    std::int64_t requests() const override { return requests_; }

    std::optional<std::string> last_header(const std::string& name) const override {
        if (auto h = headers_.find(name); h != headers_.end()) {
            return h->second;
        }
        return std::nullopt;
    }

    const std::vector<std::string>& log() const { return log_; }
    std::size_t count(const std::string& url) const {
        std::size_t n = 0;
        for (const auto& u : log_) {
            n += u == url ? 1 : 0;
        }
        return n;
    }
    void clear_log() { log_.clear(); }

  private:
    std::map<std::string, nlohmann::json> always_;
    std::map<std::string, std::deque<Answer>> queued_;
    std::map<std::string, std::string> failing_;
    std::map<std::string, std::string> headers_;
    std::vector<std::string> log_;
    std::int64_t requests_ = 0;
};

// The v3 envelope.
inline nlohmann::json envelope(nlohmann::json values,
                               std::optional<std::string> next_url = std::nullopt) {
    if (values.is_null()) {  // envelope({}) means an empty page
        values = nlohmann::json::array();
    }
    const auto count = values.size();
    return nlohmann::json{{"values", std::move(values)},
                          {"count", count},
                          {"next_url", next_url ? nlohmann::json(*next_url) : nlohmann::json()},
                          {"previous_url", nullptr}};
}

}  // namespace kolcat::testing
