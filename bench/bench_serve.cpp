// bench_serve: `kolcat serve` under load, on the demo catalogue (what `kolcat sync` fills from
// the demo Kolada server: the curated key figures for the demo's units, 1998-2022).
//
//   bench_serve KOLCAT_BINARY [--work DIR] [--rate-seconds N] [--rate-clients N]
//               [--load-seconds N] [--load-clients N] [PATH...]
//
// The real `kolcat serve` runs as a child process (its RSS is read from /proc/PID/status); the
// clients are threads of this process, each with its own libcurl handle (keep-alive, one
// connection per client). It measures:
//   (a) one /v3/data page of 5 000 items, sequentially: median, 90th percentile, slowest
//       (target < 100 ms);
//   (b) /v3/kpi/{id} with --rate-clients clients (default 8) for --rate-seconds (default 10):
//       answers per second (target >= 500/s on 2 cores), every body compared with the
//       expected one;
//   (c) the load test: --load-clients clients (default 100) for --load-seconds (default 30) over
//       a mix of metadata and data requests; every body is compared with the answer fetched
//       alone before the load, and the server's RSS is sampled every second (it must stay
//       flat);
//   (d) every PATH given (e.g. /kpi/N00945, a web page), sequentially: its time, or its status
//       when it is not 200 (a 404 says the page does not exist yet).
// The demo catalogue is built once in --work (default $TMPDIR/kolcat-bench-serve) and reused.
//
// Longer than 400 lines: a self-contained benchmark program (options, the child server, the
// clients, four measurements and their report), run by hand.

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"

extern char** environ;

namespace {

using namespace kolcat;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
    fs::path kolcat;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-serve";
    int rate_seconds = 10;
    int rate_clients = 8;
    int load_seconds = 30;
    int load_clients = 100;
    std::vector<std::string> paths;
};

// The kolcat serve child, stopped by fail() too: std::exit runs no destructor, and an orphaned
// server would keep the caller's output pipe open.
pid_t serve_pid = 0;

[[noreturn]] void fail(const std::string& message) {
    std::cerr << "bench_serve: " << message << "\n";
    if (serve_pid > 0) {
        kill(serve_pid, SIGINT);
        waitpid(serve_pid, nullptr, 0);
    }
    std::exit(1);
}

Options parse_options(int argc, char** argv) {
    if (argc < 2) {
        fail(
            "usage: bench_serve KOLCAT_BINARY [--work DIR] [--rate-seconds N] [--rate-clients N] "
            "[--load-seconds N] [--load-clients N] [PATH...]");
    }
    Options options;
    options.kolcat = fs::absolute(argv[1]);
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                fail(arg + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--work") {
            options.work = next();
        } else if (arg == "--rate-seconds") {
            options.rate_seconds = std::stoi(next());
        } else if (arg == "--rate-clients") {
            options.rate_clients = std::stoi(next());
        } else if (arg == "--load-seconds") {
            options.load_seconds = std::stoi(next());
        } else if (arg == "--load-clients") {
            options.load_clients = std::stoi(next());
        } else if (!arg.empty() && arg.front() == '/') {
            options.paths.push_back(arg);
        } else {
            fail("unknown argument " + arg);
        }
    }
    return options;
}

// --- child processes ---

// Runs KOLCAT ARGS with HOME in the work folder (no user's local indicators file), to its end.
void run_kolcat(const Options& options, std::vector<std::string> args) {
    args.insert(args.begin(), options.kolcat.string());
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
        fail("cannot run " + options.kolcat.string());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fail("kolcat " + args[1] + " failed (status " + std::to_string(status) + ")");
    }
}

fs::path demo_catalogue(const Options& options) {
    const auto path = options.work / "demo.sqlite";
    if (fs::exists(path)) {
        return path;
    }
    fs::create_directories(options.work);
    demo::ServerOptions server_options;
    server_options.demo_header = true;
    demo::FakeKoladaServer server(demo::load_dataset(KOLCAT_DEMO_DATA_DIR), server_options);
    server.start();
    const auto building = path.string() + ".building";
    fs::remove(building);
    run_kolcat(options, {"sync", "--api-url", server.base_url(), "--max-rps", "0", "--quiet",
                         "--catalogue", building});
    fs::rename(building, path);
    return path;
}

class ServeChild {
  public:
    ServeChild(const Options& options, const fs::path& catalogue) {
        int pipe_fds[2];
        if (pipe(pipe_fds) != 0) {
            fail("pipe failed");
        }
        std::vector<std::string> args{options.kolcat.string(), "serve",           "--port", "0",
                                      "--catalogue",           catalogue.string()};
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
        if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
            fail("cannot start kolcat serve");
        }
        posix_spawn_file_actions_destroy(&actions);
        serve_pid = pid_;
        close(pipe_fds[1]);
        std::string out;
        const std::string marker = "http://127.0.0.1:";
        char buffer[512];
        while (out.find("/v3",
                        out.find(marker) == std::string::npos ? out.size() : out.find(marker)) ==
               std::string::npos) {
            const auto got = read(pipe_fds[0], buffer, sizeof buffer);
            if (got <= 0) {
                fail("kolcat serve printed no URL: " + out);
            }
            out.append(buffer, static_cast<std::size_t>(got));
        }
        close(pipe_fds[0]);
        port_ = std::stoi(out.substr(out.find(marker) + marker.size()));
    }
    ~ServeChild() {
        kill(pid_, SIGINT);
        int status = 0;
        waitpid(pid_, &status, 0);
        serve_pid = 0;
    }
    ServeChild(const ServeChild&) = delete;
    ServeChild& operator=(const ServeChild&) = delete;

    std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // VmRSS of the server, in KiB.
    long rss_kib() const {
        std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
        std::string line;
        while (std::getline(status, line)) {
            if (line.rfind("VmRSS:", 0) == 0) {
                return std::stol(line.substr(6));
            }
        }
        return -1;
    }

  private:
    pid_t pid_ = 0;
    int port_ = 0;
};

// --- one client: a libcurl handle that keeps its connection ---

struct Answer {
    long status = 0;
    std::string body;
};

class Client {
  public:
    Client() : curl_(curl_easy_init()) {
        if (curl_ == nullptr) {
            fail("curl_easy_init failed");
        }
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Client::write);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl_, CURLOPT_TCP_NODELAY, 1L);
    }
    ~Client() { curl_easy_cleanup(curl_); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // status 0: no answer (connection failed, timed out).
    Answer get(const std::string& url) {
        Answer answer;
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &answer.body);
        if (curl_easy_perform(curl_) == CURLE_OK) {
            curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &answer.status);
        }
        return answer;
    }

  private:
    static std::size_t write(char* data, std::size_t size, std::size_t count, void* out) {
        static_cast<std::string*>(out)->append(data, size * count);
        return size * count;
    }
    CURL* curl_;
};

double milliseconds_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> times, double fraction) {
    std::sort(times.begin(), times.end());
    const auto index = static_cast<std::size_t>(fraction * static_cast<double>(times.size() - 1));
    return times[index];
}

void print_times(const std::string& label, const std::vector<double>& times, double target_ms) {
    const auto median = percentile(times, 0.5);
    std::printf(
        "%s: median %.1f ms, p90 %.1f ms, slowest %.1f ms over %zu runs (target < %.0f ms: "
        "%s)\n",
        label.c_str(), median, percentile(times, 0.9), percentile(times, 1.0), times.size(),
        target_ms, median < target_ms ? "met" : "MISSED");
}

// --- the measurements ---

std::vector<std::string> kpi_ids(Client& client, const std::string& origin) {
    const auto answer = client.get(origin + "/v3/kpi?per_page=5000");
    if (answer.status != 200) {
        fail("/v3/kpi answered " + std::to_string(answer.status));
    }
    std::vector<std::string> ids;
    const auto list = nlohmann::json::parse(answer.body);
    for (const auto& kpi : list["values"]) {
        ids.push_back(kpi["id"].get<std::string>());
    }
    return ids;
}

// A /v3/data page of exactly 5 000 items: 25 key figures with values, the years 1998-2022.
std::string full_data_page(Client& client, const std::string& origin,
                           const std::vector<std::string>& ids) {
    std::string years;
    for (int year = 1998; year <= 2022; ++year) {
        years += (years.empty() ? "" : ",") + std::to_string(year);
    }
    std::string kpis;
    for (std::size_t i = 0; i < ids.size() && i < 25; ++i) {
        kpis += (kpis.empty() ? "" : ",") + ids[i];
    }
    const auto path = "/v3/data/kpi/" + kpis + "/year/" + years + "?per_page=5000";
    const auto answer = client.get(origin + path);
    if (answer.status != 200) {
        fail(path + " answered " + std::to_string(answer.status) + ": " + answer.body);
    }
    const auto count = nlohmann::json::parse(answer.body)["count"].get<int>();
    if (count != 5000) {
        fail(path + " answered " + std::to_string(answer.status) + " with " +
             std::to_string(count) + " items, not a full page of 5 000");
    }
    return path;
}

struct LoadResult {
    std::atomic<long> answers{0};
    std::atomic<long> wrong{0};   // a body other than the expected one
    std::atomic<long> failed{0};  // no answer, or a status other than 200
};

// `clients` threads, each with its own connection, for `seconds`, cycling through `targets`
// (each thread from its own starting point); every body is compared with `expected`.
void run_clients(const std::string& origin, const std::vector<std::string>& targets,
                 const std::map<std::string, std::string>& expected, int clients, int seconds,
                 LoadResult& result) {
    const auto end = Clock::now() + std::chrono::seconds(seconds);
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            Client client;
            for (std::size_t i = static_cast<std::size_t>(c); Clock::now() < end; ++i) {
                const auto& target = targets[i % targets.size()];
                const auto answer = client.get(origin + target);
                if (answer.status != 200) {
                    ++result.failed;
                } else if (answer.body != expected.at(target)) {
                    ++result.wrong;
                } else {
                    ++result.answers;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
}

std::map<std::string, std::string> expected_bodies(Client& client, const std::string& origin,
                                                   const std::vector<std::string>& targets) {
    std::map<std::string, std::string> expected;
    for (const auto& target : targets) {
        const auto answer = client.get(origin + target);
        if (answer.status != 200) {
            fail(target + " answered " + std::to_string(answer.status));
        }
        expected[target] = answer.body;
    }
    return expected;
}

}  // namespace

int main(int argc, char** argv) {
    const auto options = parse_options(argc, argv);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const auto catalogue = demo_catalogue(options);
    ServeChild serve(options, catalogue);
    const auto origin = serve.origin();
    Client client;
    const auto ids = kpi_ids(client, origin);
    std::printf("kolcat serve on %s, catalogue %s (%zu key figures)\n", origin.c_str(),
                catalogue.c_str(), ids.size());

    // (a) a data page of 5 000 items
    const auto page = full_data_page(client, origin, ids);
    std::vector<double> times;
    for (int i = 0; i < 30; ++i) {
        const auto start = Clock::now();
        const auto answer = client.get(origin + page);
        times.push_back(milliseconds_since(start));
        if (answer.status != 200) {
            fail("the data page answered " + std::to_string(answer.status));
        }
    }
    print_times("(a) /v3/data page of 5000 items", times, 100);

    // (b) /v3/kpi/{id}, rate-clients at once
    std::vector<std::string> kpi_targets;
    for (const auto& id : ids) {
        kpi_targets.push_back("/v3/kpi/" + id);
    }
    const auto kpi_expected = expected_bodies(client, origin, kpi_targets);
    LoadResult rate;
    const auto rate_start = Clock::now();
    run_clients(origin, kpi_targets, kpi_expected, options.rate_clients, options.rate_seconds,
                rate);
    const auto rate_seconds = milliseconds_since(rate_start) / 1000.0;
    const auto per_second = static_cast<double>(rate.answers) / rate_seconds;
    std::printf(
        "(b) /v3/kpi/{id}, %d clients, %.1f s: %ld answers, %.0f/s (target >= 500/s: %s); "
        "%ld wrong, %ld failed\n",
        options.rate_clients, rate_seconds, rate.answers.load(), per_second,
        per_second >= 500 ? "met" : "MISSED", rate.wrong.load(), rate.failed.load());

    // (c) the load test
    std::vector<std::string> mix = {
        "/v3/kpi",        "/v3/municipality",      "/v3/municipality_groups",
        "/v3/kpi_groups", "/v3/kpi?title=kvinnor", "/v3/status"};
    for (std::size_t i = 0; i < ids.size() && i < 20; ++i) {
        mix.push_back("/v3/kpi/" + ids[i]);
        mix.push_back("/v3/data/kpi/" + ids[i] + "/municipality/0025,2580,0180,1480/year/" +
                      "2018,2019,2020");
        mix.push_back("/v3/data/kpi/" + ids[i] + "/year/2020?per_page=50&page=2");
    }
    auto load_expected = expected_bodies(client, origin, mix);
    // /v3/status carries the catalogue's age in seconds, which moves during the test.
    mix.erase(std::remove(mix.begin(), mix.end(), "/v3/status"), mix.end());
    std::vector<long> rss;
    std::atomic<bool> sampling{true};
    std::thread sampler([&] {
        while (sampling) {
            rss.push_back(serve.rss_kib());
            std::this_thread::sleep_for(std::chrono::seconds(1));
        }
    });
    LoadResult load;
    const auto load_start = Clock::now();
    run_clients(origin, mix, load_expected, options.load_clients, options.load_seconds, load);
    const auto load_seconds = milliseconds_since(load_start) / 1000.0;
    sampling = false;
    sampler.join();
    const auto rss_max = *std::max_element(rss.begin(), rss.end());
    std::printf(
        "(c) load: %d clients, %.1f s: %ld correct answers (%.0f/s), %ld wrong, %ld failed\n",
        options.load_clients, load_seconds, load.answers.load(),
        static_cast<double>(load.answers) / load_seconds, load.wrong.load(), load.failed.load());
    std::printf(
        "    server RSS (MiB), one sample a second: start %.1f, after 5 s %.1f, max %.1f, "
        "end %.1f\n",
        static_cast<double>(rss.front()) / 1024,
        static_cast<double>(rss[std::min<std::size_t>(5, rss.size() - 1)]) / 1024,
        static_cast<double>(rss_max) / 1024, static_cast<double>(rss.back()) / 1024);

    std::printf("    every sample:");
    for (const auto sample : rss) {
        std::printf(" %.1f", static_cast<double>(sample) / 1024);
    }
    std::printf("\n");

    // (d) the paths given
    for (const auto& path : options.paths) {
        const auto first = client.get(origin + path);
        if (first.status != 200) {
            std::printf("(d) %s: HTTP %ld%s, not timed\n", path.c_str(), first.status,
                        first.status == 404 ? " Not Found (the page does not exist yet)" : "");
            continue;
        }
        std::vector<double> path_times;
        for (int i = 0; i < 20; ++i) {
            const auto start = Clock::now();
            client.get(origin + path);
            path_times.push_back(milliseconds_since(start));
        }
        print_times("(d) " + path, path_times, 100);
    }
    const bool correct = rate.wrong == 0 && rate.failed == 0 && load.wrong == 0 && load.failed == 0;
    curl_global_cleanup();
    return correct ? 0 : 1;
}
