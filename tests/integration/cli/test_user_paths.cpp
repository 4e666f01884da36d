// Where kolcat looks for its files when no option names them, by the XDG Base Directory
// specification: without a usable HOME there is no default catalogue (one clear line, exit 2,
// never a guess such as /.local/share), and a relative XDG_DATA_HOME or XDG_CONFIG_HOME is
// ignored (then the default under $HOME applies). Each case sets the environment of the child
// process; it runs in a scratch folder, so that a path taken relative would show up there.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/test_hostile_support.hpp"

using namespace kolcat;
using namespace kolcat::hardening;

namespace {

// `env -C scratch -u NAME... NAME=value... kolcat ARGS...`: the child's working folder is the
// scratch folder, and the environment is exactly the test's plus and minus these.
ProcessResult run_in(const ScratchDir& scratch, const std::vector<std::string>& unset,
                     const std::vector<std::string>& set, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"/usr/bin/env", "-C", scratch.path().string()};
    for (const auto& name : unset) {
        argv.push_back("-u");
        argv.push_back(name);
    }
    argv.insert(argv.end(), set.begin(), set.end());
    argv.push_back(kolcat_binary());
    argv.insert(argv.end(), args.begin(), args.end());
    return Child(argv, scratch.path()).wait();
}

// A sync that fails at once (nothing listens on port 9 of loopback) but first creates its
// catalogue, where kolcat looks for it.
const std::vector<std::string> kFailingSync{
    "sync",      "--kpi", "N00957", "--unit", "0025", "--api-url", "http://127.0.0.1:9/v3",
    "--retries", "1",     "--quiet"};

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("paths: without HOME and no catalogue named, kolcat stops with one line, exit 2") {
    ScratchDir scratch("paths-home");
    for (const auto& home : std::vector<std::string>{"", "relative/home"}) {
        CAPTURE(home);
        const std::vector<std::string> set =
            home.empty() ? std::vector<std::string>{} : std::vector<std::string>{"HOME=" + home};
        for (const auto& args : {std::vector<std::string>{"status"}, kFailingSync,
                                 std::vector<std::string>{"values", "--kpi", "N00957"}}) {
            CAPTURE(args[0]);
            const auto run =
                run_in(scratch, {"HOME", "XDG_DATA_HOME", "KOLCAT_CATALOGUE"}, set, args);
            CAPTURE(describe(run));
            CHECK(run.exit_code == 2);
            CHECK(run.out.empty());
            CHECK(line_count(run.err) == 1);
            CHECK(run.err.starts_with("kolcat: error: no catalogue path: HOME is not set"));
            CHECK(run.err.find("use --catalogue PATH or set KOLCAT_CATALOGUE") !=
                  std::string::npos);
        }
    }
    // Nothing was created anywhere kolcat could have guessed.
    CHECK_FALSE(std::filesystem::exists("/.local/share/kolcat"));
    CHECK_FALSE(std::filesystem::exists(scratch / "relative"));
    CHECK_FALSE(std::filesystem::exists(scratch / ".local"));

    // A catalogue named on the command line, or in KOLCAT_CATALOGUE, needs no HOME; nor does an
    // absolute XDG_DATA_HOME.
    const auto named = scratch / "named.sqlite";
    const auto by_option = run_in(scratch, {"HOME", "XDG_DATA_HOME", "KOLCAT_CATALOGUE"}, {},
                                  {"status", "--catalogue", named.string()});
    CHECK(by_option.exit_code == 4);
    CHECK(by_option.err.find("no catalogue at " + named.string()) != std::string::npos);
    const auto by_env = run_in(scratch, {"HOME", "XDG_DATA_HOME"},
                               {"KOLCAT_CATALOGUE=" + named.string()}, {"status"});
    CHECK(by_env.exit_code == 4);
    CHECK(by_env.err.find("no catalogue at " + named.string()) != std::string::npos);
    const auto data = scratch / "data";
    const auto by_xdg = run_in(scratch, {"HOME", "KOLCAT_CATALOGUE"},
                               {"XDG_DATA_HOME=" + data.string()}, {"status"});
    CHECK(by_xdg.exit_code == 4);
    CHECK(by_xdg.err.find("no catalogue at " + (data / "kolcat" / "catalogue.sqlite").string()) !=
          std::string::npos);
}

TEST_CASE("paths: a relative XDG_DATA_HOME is ignored; the catalogue goes under $HOME") {
    ScratchDir scratch("paths-data");
    const auto home = scratch / "home";
    std::filesystem::create_directories(home);
    const auto sync =
        run_in(scratch, {"KOLCAT_CATALOGUE"},
               {"HOME=" + home.string(), "XDG_DATA_HOME=relative-data"}, kFailingSync);
    CAPTURE(describe(sync));
    CHECK(sync.exit_code == 5);  // no server: but the catalogue was created first
    CHECK(std::filesystem::exists(home / ".local/share/kolcat/catalogue.sqlite"));
    CHECK_FALSE(std::filesystem::exists(scratch / "relative-data"));

    const auto status = run_in(scratch, {"KOLCAT_CATALOGUE"},
                               {"HOME=" + home.string(), "XDG_DATA_HOME=relative-data"},
                               {"status", "--format", "json"});
    CAPTURE(describe(status));
    CHECK(status.exit_code == 0);
    CHECK(status.out.find("\"catalogue\": \"" +
                          (home / ".local/share/kolcat/catalogue.sqlite").string() + "\"") !=
          std::string::npos);
}

TEST_CASE("paths: status --path tells scripts where the files go, by the same rules") {
    ScratchDir scratch("paths-status");
    const auto home = scratch / "home";
    const std::vector<std::string> env{"HOME=" + home.string(), "XDG_DATA_HOME=relative-data",
                                       "XDG_CONFIG_HOME=relative-config"};
    const std::vector<std::string> unset{"KOLCAT_CATALOGUE", "KOLCAT_LOCAL_INDICATORS"};
    for (const auto& [name, expected] :
         {std::pair{"demo-catalogue", home / ".local/share/kolcat/demo-catalogue.sqlite"},
          std::pair{"catalogue", home / ".local/share/kolcat/catalogue.sqlite"},
          std::pair{"local-indicators", home / ".config/kolcat/indicators.local.json"}}) {
        CAPTURE(name);
        const auto run = run_in(scratch, unset, env, {"status", "--path", name});
        CAPTURE(describe(run));
        CHECK(run.exit_code == 0);
        CHECK(run.out == expected.string() + "\n");
        CHECK(run.err.empty());
    }
    // Without HOME: the main job stops with kolcat's one line instead of using /.local/share.
    const auto no_home =
        run_in(scratch, {"HOME", "XDG_DATA_HOME"}, {}, {"status", "--path", "demo-catalogue"});
    CAPTURE(describe(no_home));
    CHECK(no_home.exit_code == 2);
    CHECK(no_home.out.empty());
    CHECK(line_count(no_home.err) == 1);
    CHECK(no_home.err.starts_with("kolcat: error: no demo-catalogue path: HOME is not set"));
    const auto bad = run_in(scratch, {}, env, {"status", "--path", "nowhere"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("invalid --path 'nowhere'") != std::string::npos);
}

TEST_CASE("paths: a relative XDG_CONFIG_HOME is ignored; the local file is read under $HOME") {
    ScratchDir scratch("paths-config");
    const auto home = scratch / "home";
    // Two broken local files: the error names the one kolcat read.
    const auto home_file = home / ".config/kolcat/indicators.local.json";
    write_file(home_file, "{ broken under HOME");
    write_file(scratch / "relative-config/kolcat/indicators.local.json", "{ broken, relative");
    std::vector<std::string> args = kFailingSync;
    args.erase(args.begin() + 1, args.begin() + 3);  // no --kpi: the curated set is loaded
    args.push_back("--catalogue");
    args.push_back((scratch / "catalogue.sqlite").string());
    const auto relative =
        run_in(scratch, {"KOLCAT_LOCAL_INDICATORS"},
               {"HOME=" + home.string(), "XDG_CONFIG_HOME=relative-config"}, args);
    CAPTURE(describe(relative));
    CHECK(relative.exit_code == 6);
    CHECK(relative.err.find(home_file.string() + ":1") != std::string::npos);
    CHECK(relative.err.find("relative-config") == std::string::npos);

    // An absolute XDG_CONFIG_HOME counts, and without HOME too.
    const auto absolute =
        run_in(scratch, {"KOLCAT_LOCAL_INDICATORS", "HOME"},
               {"XDG_CONFIG_HOME=" + (scratch / "relative-config").string()}, args);
    CAPTURE(describe(absolute));
    CHECK(absolute.exit_code == 6);
    CHECK(absolute.err.find((scratch / "relative-config/kolcat/indicators.local.json").string() +
                            ":1") != std::string::npos);
}
