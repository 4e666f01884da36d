// Input safety, through the real `kolcat` binary:
//  - search text with FTS5 syntax, control characters, invalid UTF-8, SQL or huge input is only
//    ever searched for: never an FTS syntax error, never a crash, the catalogue untouched;
//  - ids with SQL in them are refused as malformed before they reach any query;
//  - credentials in a proxy URL or in the API URL never appear in kolcat's output;
//  - `report --out` writes its file atomically (when the report command exists).

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"
#include "tests/support/test_hostile_support.hpp"

using namespace kolcat;
using namespace kolcat::hardening;
using kolcat::demo::FakeKoladaServer;
using kolcat::demo::Faults;
using kolcat::demo::FaultSpec;
using namespace std::chrono_literals;

namespace {

// A catalogue synced from a small generated dataset, shared by the cases of one test.
class SyncedCatalogue {
  public:
    SyncedCatalogue() : data_(small_dataset(3, 4, 2)), server_(data_.dataset) {
        server_.start();
        const auto result = run_kolcat(sync_args(server_.base_url()), scratch_.path());
        REQUIRE_MESSAGE(result.exit_code == 0, describe(result));
    }

    std::vector<std::string> sync_args(const std::string& api_url) const {
        return {"sync",
                "--catalogue",
                catalogue(),
                "--api-url",
                api_url,
                "--max-rps",
                "0",
                "--kpi",
                join_ids(data_.kpis),
                "--unit",
                join_ids(data_.units),
                "--retries",
                "1"};
    }

    std::string catalogue() const { return (scratch_ / "catalogue.sqlite").string(); }
    const ScratchDir& scratch() const { return scratch_; }
    demo::FakeKoladaServer& server() { return server_; }
    const SmallDataset& data() const { return data_; }

    ProcessResult kolcat(std::vector<std::string> args, const SpawnOptions& options = {}) const {
        return run_kolcat(args, scratch_.path(), options, 60s);
    }

  private:
    SmallDataset data_;
    demo::FakeKoladaServer server_;
    ScratchDir scratch_{"input"};
};

// No text that could mean a leaked credential: the password, or user:password in base64.
void check_no_secret(const ProcessResult& result) {
    for (const std::string& leak : {std::string("secret"), std::string("dXNlcjpzZWNyZXQ")}) {
        CHECK(result.out.find(leak) == std::string::npos);
        CHECK(result.err.find(leak) == std::string::npos);
    }
}

}  // namespace

TEST_CASE("hostile input: search text is only searched for, whatever it holds") {
    SyncedCatalogue synced;
    const std::string tables_before = RawCatalogue(synced.catalogue()).contents();

    std::string many_words;
    for (int i = 0; many_words.size() < 120'000; ++i) {
        many_words += "w" + std::to_string(i) + " ";
    }
    const std::vector<std::string> texts = {
        "\"",
        "OR (",
        "*",
        "NEAR(a b",
        "title:x",
        "a OR b NOT c",
        "{title description}: x",
        "^start",
        "\"unterminated",
        "((((((((((",
        "\x01\x02\x03\x1b[31m",
        "\xff\xfe\xc3",
        "'; DROP TABLE kpi; --",
        "%s%n%x%d",
        "Xyzzy\" OR \"1\"=\"1",
        std::string(100'000, 'a'),
        many_words,
    };
    for (const auto& text : texts) {
        CAPTURE(text.substr(0, 40));
        const auto started = std::chrono::steady_clock::now();
        const auto result =
            synced.kolcat({"search", "--catalogue", synced.catalogue(), "--format", "csv", text});
        CHECK(std::chrono::steady_clock::now() - started < 20s);
        CAPTURE(describe(result));
        // Nothing matches these texts: an empty list, never an error.
        CHECK(result.exit_code == 0);
        CHECK(result.signal == 0);
        CHECK(result.out.starts_with("kpi,title,municipality_type,is_divided_by_gender"));
        CHECK(line_count(result.out) == 1);
        CHECK(result.err.find("error") == std::string::npos);
    }

    // The table output says clearly that nothing matched.
    const auto quote = synced.kolcat({"search", "--catalogue", synced.catalogue(), "\""});
    CHECK(quote.exit_code == 0);
    CHECK(quote.err == "No key figure matches '\"'.\n");

    // Operators in the text are words: "AND" finds "andel" in the titles, as a prefix.
    const auto operators = synced.kolcat(
        {"search", "--catalogue", synced.catalogue(), "--format", "csv", "genererat AND (andel"});
    CHECK(operators.exit_code == 0);
    CHECK(line_count(operators.out) == synced.data().kpis.size() + 1);

    CHECK(RawCatalogue(synced.catalogue()).contents() == tables_before);
}

TEST_CASE("hostile input: ids with SQL or odd characters are refused before any query") {
    SyncedCatalogue synced;
    const std::string tables_before = RawCatalogue(synced.catalogue()).contents();
    const std::string catalogue = synced.catalogue();
    const std::vector<std::vector<std::string>> commands = {
        {"values", "--catalogue", catalogue, "--kpi", "N1' OR '1'='1"},
        {"values", "--catalogue", catalogue, "--unit", "0025) OR (1=1"},
        {"values", "--catalogue", catalogue, "--kpi", "N10000;DELETE FROM kpi_value"},
        {"values", "--catalogue", catalogue, "--kpi", "%"},
        {"values", "--catalogue", catalogue, "--kpi", "N1\x01"},
        {"show", "--catalogue", catalogue, "N10000' --"},
        {"show", "--catalogue", catalogue, "%"},
        {"sync", "--catalogue", catalogue, "--api-url", "http://127.0.0.1:1/v3", "--kpi",
         "N1/../../etc"},
    };
    for (const auto& command : commands) {
        const auto result = synced.kolcat(command);
        CAPTURE(command[0]);
        CAPTURE(command.back());
        CAPTURE(describe(result));
        // A usage error (2) or "not found" (3), one line; never a crash or an SQL error.
        CHECK((result.exit_code == 2 || result.exit_code == 3));
        CHECK(line_count(result.err) == 1);
        CHECK(result.err.find("SQL") == std::string::npos);
        CHECK(result.out.empty());
    }
    // A well-formed id that does not exist is "not found"; one that does, works.
    const auto unknown = synced.kolcat({"values", "--catalogue", catalogue, "--kpi", "N99999"});
    CHECK(unknown.exit_code == 3);
    const auto known =
        synced.kolcat({"values", "--catalogue", catalogue, "--kpi", synced.data().kpis[0]});
    CHECK(known.exit_code == 0);
    CHECK(line_count(known.out) > 1);

    CHECK(RawCatalogue(synced.catalogue()).contents() == tables_before);
}

TEST_CASE("hostile input: proxy and API credentials never reach kolcat's output") {
    SyncedCatalogue synced;
    const std::string catalogue = synced.catalogue();

    SUBCASE("an unreachable proxy, for https and http") {
        for (const std::string variable : {"https_proxy", "HTTPS_PROXY", "ALL_PROXY"}) {
            SpawnOptions options;
            options.env = {variable + "=http://user:secret@127.0.0.1:1"};
            const auto result = synced.kolcat(
                {"sync", "--catalogue", catalogue, "--api-url", "https://kolada.invalid/v3",
                 "--retries", "1", "--kpi", "N10000", "--unit", "0110"},
                options);
            CAPTURE(variable);
            CAPTURE(describe(result));
            CHECK(result.exit_code == 5);
            check_no_secret(result);
        }
        SpawnOptions options;
        options.env = {"http_proxy=http://user:secret@127.0.0.1:1"};
        const auto ping = synced.kolcat(
            {"ping", "--api-url", "http://kolada.invalid/v3", "--timeout", "5"}, options);
        CAPTURE(describe(ping));
        CHECK(ping.exit_code == 5);
        check_no_secret(ping);
    }

    SUBCASE("a proxy that answers (the fake server plays one)") {
        SpawnOptions options;
        options.env = {"http_proxy=http://user:secret@127.0.0.1:" +
                       std::to_string(synced.server().port())};
        const auto result = synced.kolcat(
            {"sync", "--catalogue", catalogue, "--api-url", "http://kolada.invalid/v3", "--retries",
             "1", "--kpi", "N10000", "--unit", "0110"},
            options);
        CAPTURE(describe(result));
        CHECK(result.exit_code == 5);
        check_no_secret(result);
    }

    SUBCASE("credentials in the API URL") {
        const std::string with_secret =
            "http://user:secret@127.0.0.1:" + std::to_string(synced.server().port()) + "/v3";
        // The sync refuses user info in the API URL, and says so without repeating it.
        const auto refused = synced.kolcat(synced.sync_args(with_secret));
        CAPTURE(describe(refused));
        CHECK(refused.exit_code != 0);
        CHECK(refused.err.find("http://***@127.0.0.1:") != std::string::npos);
        check_no_secret(refused);

        SpawnOptions env;
        env.env = {"KOLCAT_API_URL=" + with_secret};
        auto args = synced.sync_args(with_secret);
        args.erase(args.begin() + 3, args.begin() + 5);  // no --api-url: from the environment
        const auto from_env = synced.kolcat(args, env);
        CAPTURE(describe(from_env));
        CHECK(from_env.exit_code != 0);
        check_no_secret(from_env);

        // ping sends them (basic auth) and names the URL masked.
        const auto ping = synced.kolcat({"ping", "--api-url", with_secret});
        CAPTURE(describe(ping));
        CHECK(ping.exit_code == 0);
        CHECK(ping.out.find("http://***@127.0.0.1:") != std::string::npos);
        check_no_secret(ping);

        const auto status = synced.kolcat({"status", "--catalogue", catalogue});
        CHECK(status.exit_code == 0);
        check_no_secret(status);
    }
}

TEST_CASE("hostile input: report --out is written atomically") {
    // The demo data covers the default scope (Norrbotten, the regions, the curated set), so the
    // report has something to show.
    demo::FakeKoladaServer server(demo::load_dataset(std::filesystem::path(KOLCAT_DEMO_DATA_DIR)));
    server.start();
    ScratchDir scratch("report");
    const std::string catalogue = (scratch / "catalogue.sqlite").string();
    const auto synced = run_kolcat({"sync", "--catalogue", catalogue, "--api-url",
                                    server.base_url(), "--max-rps", "0", "--quiet"},
                                   scratch.path());
    REQUIRE_MESSAGE(synced.exit_code == 0, describe(synced));
    const auto out = scratch / "meeting.html";
    const std::vector<std::string> report = {kolcat_binary(), "report", "--catalogue",
                                             catalogue,       "--out",  out.string()};

    const auto started = std::chrono::steady_clock::now();
    const auto whole = Child(report, scratch.path()).wait();
    const auto report_time = std::chrono::steady_clock::now() - started;
    REQUIRE_MESSAGE(whole.exit_code == 0, describe(whole));
    const std::string complete = read_text_file(out);
    REQUIRE(complete.find("</html>") != std::string::npos);

    const std::string previous = "PREVIOUS REPORT";
    const auto restore_previous = [&] {
        std::ofstream file(out, std::ios::binary | std::ios::trunc);
        file << previous;
    };
    restore_previous();

    // A run that fails (an unknown region) leaves the previous file as it was.
    auto failing = report;
    failing.insert(failing.end(), {"--region", "9999"});
    const auto failed = Child(failing, scratch.path()).wait();
    CAPTURE(describe(failed));
    CHECK(failed.exit_code != 0);
    CHECK(read_text_file(out) == previous);

    // Killed at moments spread over a run: the file is the previous one or a whole new one.
    int replaced = 0;
    for (int attempt = 0; attempt < 10; ++attempt) {
        Child run(report, scratch.path());
        std::this_thread::sleep_for(report_time * attempt / 8);
        run.kill(SIGKILL);
        run.wait();
        const auto text = read_text_file(out);
        CHECK((text == previous || text.find("</html>") != std::string::npos));
        if (text != previous) {
            ++replaced;
            restore_previous();
        }
    }
    MESSAGE(replaced << " of 10 killed report runs had finished their file");
    // Whatever a killed run left behind is a temporary file of its own, never the report.
    for (const auto& entry : std::filesystem::directory_iterator(scratch.path())) {
        const auto name = entry.path().filename().string();
        CAPTURE(name);
        CHECK((name == "meeting.html" || name.starts_with("catalogue.sqlite") ||
               name.starts_with("child-") || name.starts_with("meeting.html.") ||
               name.starts_with(".meeting.html.") || name == "config" || name == "data"));
    }

    // Into a folder that does not exist: a clear error, exit non-zero, nothing created.
    const auto nowhere = run_kolcat({"report", "--catalogue", catalogue, "--out",
                                     (scratch / "no-such-dir" / "r.html").string()},
                                    scratch.path());
    CAPTURE(describe(nowhere));
    CHECK(nowhere.exit_code != 0);
    CHECK(nowhere.signal == 0);
    CHECK_FALSE(std::filesystem::exists(scratch / "no-such-dir"));
}
