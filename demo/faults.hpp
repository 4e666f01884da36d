#pragma once
// Switches that make the fake server misbehave the way public APIs do. Each switch fires a set
// number of times (after letting `after` applicable requests pass), or with a probability drawn
// from a seeded generator, so that every test is deterministic.

#include <cstdint>
#include <functional>
#include <random>
#include <string>

namespace kolcat::demo {

struct Dataset;

struct FaultSpec {
    int times = 0;             // fire on this many applicable requests...
    double probability = 0.0;  // ...then on each further one with this probability
    int after = 0;             // let this many applicable requests pass untouched first

    static FaultSpec once(int after_requests = 0) { return {1, 0.0, after_requests}; }
    static FaultSpec count(int n, int after_requests = 0) { return {n, 0.0, after_requests}; }
    static FaultSpec chance(double p) { return {0, p, 0}; }
    bool armed() const { return times > 0 || probability > 0.0 || after > 0; }
};

enum class FaultScope {
    data_only,  // only /v3/data and /v3/oudata requests
    all,        // every /v3 request, metadata included
};

struct Faults {
    FaultScope scope = FaultScope::data_only;
    std::uint64_t seed = 1;  // for the probabilities

    // Before answering: wait slow_ms milliseconds, then answer normally.
    FaultSpec slow;
    int slow_ms = 200;
    // Error statuses instead of an answer.
    FaultSpec http_503;
    FaultSpec http_500;
    FaultSpec http_429;
    int retry_after_seconds = 1;  // the Retry-After header of a 429
    // The body declares its full Content-Length, but the connection closes halfway through.
    FaultSpec truncated_body;
    // Status 200 with a valid JSON prefix followed by garbage.
    FaultSpec invalid_json;
    // next_url on another host (foreign_origin), or pointing at the page itself.
    FaultSpec foreign_next_url;
    FaultSpec looping_next_url;
    std::string foreign_origin;  // empty: "http://127.0.0.2:<port>" (loopback, nothing listens)
    // "count" one more than the items on the page.
    FaultSpec wrong_count;
    // Status custom_status with custom_body verbatim, for hostile-but-valid JSON tests.
    FaultSpec custom_body;
    int custom_status = 200;
    std::string custom_body_text;
    // The answer trickles out one byte every drip_interval_ms (a body that drips), for at most
    // drip_max_ms; then the connection closes, cut off.
    FaultSpec drip;
    int drip_interval_ms = 100;
    int drip_max_ms = 10000;
    // A revision: after the server has answered `revision_after_pages` data pages, `revision`
    // changes the dataset once (before that page reaches the client), so the next page is cut
    // from different data, as when Kolada publishes while a client pages through.
    std::function<void(Dataset&)> revision;
    int revision_after_pages = 1;
};

// How often each fault has fired.
struct FaultCounters {
    std::int64_t slow = 0;
    std::int64_t http_503 = 0;
    std::int64_t http_500 = 0;
    std::int64_t http_429 = 0;
    std::int64_t truncated_body = 0;
    std::int64_t invalid_json = 0;
    std::int64_t foreign_next_url = 0;
    std::int64_t looping_next_url = 0;
    std::int64_t wrong_count = 0;
    std::int64_t custom_body = 0;
    std::int64_t revisions = 0;
    std::int64_t drip = 0;
};

// Decides, request by request, which switches fire. Not thread-safe: the server locks.
class FaultDice {
  public:
    explicit FaultDice(std::uint64_t seed = 1) : random_(seed) {}
    // Called once per applicable request for every switch. True when the switch fires (which
    // consumes one of its `times`). With `allowed` false (another fault of the same kind already
    // fired) it only counts the request towards `after`.
    bool roll(FaultSpec& spec, bool allowed = true);

  private:
    std::mt19937_64 random_;
};

}  // namespace kolcat::demo
