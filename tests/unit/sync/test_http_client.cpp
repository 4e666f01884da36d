#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

#include "sync/http/http_client.hpp"

using namespace kolcat;
using namespace std::chrono_literals;

namespace {

// A loopback port that nothing listens on: bind an ephemeral port, then release it.
int closed_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) {
            old_ = old;
        }
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_) {
            ::setenv(name_, old_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("http_client: credentials in URLs are redacted") {
    CHECK(http::redact_url("http://user:secret@proxy.example:3128") ==
          "http://***@proxy.example:3128");
    CHECK(http::redact_url("https://token@api.kolada.se/v3/kpi?x=1") ==
          "https://***@api.kolada.se/v3/kpi?x=1");
    CHECK(http::redact_url("https://api.kolada.se/v3/kpi?email=a@b.se") ==
          "https://api.kolada.se/v3/kpi?email=a@b.se");
    CHECK(http::redact_url("https://api.kolada.se/v3/data/kpi/N00945") ==
          "https://api.kolada.se/v3/data/kpi/N00945");
    CHECK(http::redact_url("proxy http://u:p%40ss@10.0.0.1:8080 failed, then https://a:b@c/d") ==
          "proxy http://***@10.0.0.1:8080 failed, then https://***@c/d");
    // A password containing '@' is cut at the last '@' of the authority.
    CHECK(http::redact_url("http://u:p@ss@host/") == "http://***@host/");
    CHECK(http::redact_url("no url here") == "no url here");
    CHECK(http::redact_url("") == "");
    CHECK(http::redact_url("http://") == "http://");
    CHECK(http::redact_url("socks5h://me:pw@127.0.0.1") == "socks5h://***@127.0.0.1");
}

TEST_CASE("http_client: the User-Agent names kolcat and its version") {
    const std::string agent = http::default_user_agent();
    CHECK(agent.starts_with("kolcat/"));
    CHECK(agent.find("libcurl/") != std::string::npos);
    CHECK(http::HttpOptions{}.user_agent == agent);
    CHECK(http::HttpOptions{}.max_body_bytes == 64u * 1024 * 1024);
}

TEST_CASE("http_client: headers are looked up case-insensitively, last one wins") {
    http::HttpResponse response;
    response.headers = {{"retry-after", "5"}, {"content-length", "10"}, {"retry-after", "7"}};
    CHECK(response.header("Retry-After") == "7");
    CHECK(response.header("CONTENT-LENGTH") == "10");
    CHECK_FALSE(response.header("location").has_value());
}

TEST_CASE("http_client: transport failures come back typed, not thrown") {
    http::HttpOptions options;
    options.connect_timeout = 2s;
    options.transfer_timeout = 2s;
    http::HttpClient client(options);

    const std::string refused_url =
        "http://127.0.0.1:" + std::to_string(closed_loopback_port()) + "/v3/kpi";
    const http::HttpResponse refused = client.get(refused_url);
    CHECK(refused.error == http::TransportError::connection);
    CHECK(refused.status == 0);
    CHECK_FALSE(refused.error_message.empty());
    CHECK(refused.body.empty());

    const http::HttpResponse unsupported = client.get("ftp://127.0.0.1/kpi");
    CHECK(unsupported.error == http::TransportError::other);
    CHECK_FALSE(unsupported.error_message.empty());

    const http::HttpResponse malformed = client.get("http://[::1/kpi");
    CHECK(malformed.error == http::TransportError::other);

    CHECK(to_string(http::TransportError::timeout) == "timeout");
    CHECK(to_string(http::TransportError::truncated) == "cut-off body");
}

TEST_CASE("http_client: proxy credentials never reach the error message") {
    // libcurl reads the standard proxy variables; point http_proxy at a closed loopback port.
    // The connection fails, and the message (which names the proxy) must not hold the password.
    const std::string proxy =
        "http://kolcat-user:s3cret-pw@127.0.0.1:" + std::to_string(closed_loopback_port());
    const ScopedEnv http_proxy("http_proxy", proxy);
    const ScopedEnv no_proxy("no_proxy", "");
    const ScopedEnv upper_no_proxy("NO_PROXY", "");
    http::HttpOptions options;
    options.connect_timeout = 2s;
    http::HttpClient client(options);
    const http::HttpResponse response = client.get("http://api.kolada.invalid/v3/kpi");
    CHECK(response.error == http::TransportError::connection);
    CAPTURE(response.error_message);
    CHECK(response.error_message.find("s3cret-pw") == std::string::npos);
    CHECK(response.error_message.find("kolcat-user") == std::string::npos);
}
