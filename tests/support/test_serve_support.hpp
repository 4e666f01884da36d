#pragma once
// `kolcat serve` run as a user runs it (the real binary, as a child process), over a catalogue
// that the real `kolcat sync` filled from the demo Kolada server, and plain HTTP requests to it.

#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"
#include "tests/support/test_hostile_support.hpp"

namespace kolcat::serve_test {

using hardening::Child;
using hardening::ProcessResult;
using hardening::ScratchDir;

struct Answer {
    int status = 0;
    std::string body;
    httplib::Headers headers;
    std::string header(const std::string& name) const {
        const auto found = headers.find(name);
        return found == headers.end() ? std::string("<absent>") : found->second;
    }
};

inline Answer http_get(int port, const std::string& target, const httplib::Headers& headers = {}) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(std::chrono::seconds(30));
    const auto result = client.Get(target.c_str(), headers);
    REQUIRE_MESSAGE(result, "no answer to " << target);
    return Answer{result->status, result->body, result->headers};
}

// Runs `kolcat ARGS --catalogue PATH` to its end, with the test's clean environment.
inline ProcessResult kolcat(const ScratchDir& scratch, const std::filesystem::path& catalogue,
                            std::vector<std::string> args) {
    args.push_back("--catalogue");
    args.push_back(catalogue.string());
    return hardening::run_kolcat(args, scratch.path());
}

// `kolcat serve --port 0` on a catalogue; the port is read from the URL it prints.
class ServeProcess {
  public:
    ServeProcess(const ScratchDir& scratch, const std::filesystem::path& catalogue,
                 std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{
            hardening::kolcat_binary(), "serve", "--port", "0", "--catalogue", catalogue.string()};
        argv.insert(argv.end(), extra.begin(), extra.end());
        child_ = std::make_unique<Child>(argv, scratch.path());
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        const std::string marker = "http://127.0.0.1:";
        while (true) {
            const auto out = child_->out_so_far();
            const auto at = out.find(marker);
            if (at != std::string::npos && out.find("/v3", at) != std::string::npos) {
                port_ = std::stoi(out.substr(at + marker.size()));
                return;
            }
            REQUIRE_MESSAGE(!child_->finished(), "kolcat serve ended: " << child_->err_so_far());
            REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                            "kolcat serve printed no URL: " << out << child_->err_so_far());
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    int port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v3"; }
    Child& child() { return *child_; }
    Answer get(const std::string& target, const httplib::Headers& headers = {}) const {
        return http_get(port_, target, headers);
    }

  private:
    std::unique_ptr<Child> child_;
    int port_ = 0;
};

inline demo::Dataset demo_dataset() {
    return demo::load_dataset(std::filesystem::path(KOLCAT_DEMO_DATA_DIR));
}

// Every occurrence of `from` replaced (another server's origin in an expected body).
inline std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// Every line `kolcat values` writes for the catalogue (every key figure and unit, groups
// included), the comparison of two catalogues' contents.
inline std::string all_values(const ScratchDir& scratch, const std::filesystem::path& catalogue) {
    const auto result = kolcat(scratch, catalogue, {"values"});
    REQUIRE_MESSAGE(result.exit_code == 0, hardening::describe(result));
    return result.out;
}

}  // namespace kolcat::serve_test
