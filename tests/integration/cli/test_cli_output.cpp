// No output is ever cut short silently: every command, in every format, against a full device
// (/dev/full), a file size limit and a closed pipe. The real `kolcat` binary on a catalogue
// synced from the fake Kolada server.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "demo/fake_kolada_server.hpp"
#include "demo/load_dataset.hpp"
#include "tests/support/temp_folder.hpp"
#include "tests/support/test_cli_compare_support.hpp"

namespace kolcat {
namespace {

namespace fs = std::filesystem;
using test_compare::lines_of;
using test_compare::read_text_file;
using test_compare::shell_quote;

const std::string full_device = "/dev/full";
const std::string disk_full_line = "kolcat: cannot write output: No space left on device";

using TempFolder = kolcat::testing::TempFolder;

struct Run {
    int status = -1;  // as the shell reports it: 128 + N when killed by signal N
    std::string out;
    std::string err;
};

bool is_character_device(const fs::path& path) {
    struct stat status{};
    return ::stat(path.c_str(), &status) == 0 && S_ISCHR(status.st_mode);
}

bool is_named_pipe(const fs::path& path) {
    struct stat status{};
    return ::lstat(path.c_str(), &status) == 0 && S_ISFIFO(status.st_mode);
}

std::size_t entries_in(const fs::path& folder) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

// A catalogue synced by the real binary from the fake server with the demo data set (no demo
// header, so that stderr holds only kolcat's own errors).
struct Synced {
    TempFolder folder;
    fs::path catalogue = folder.path() / "catalogue.sqlite";
    demo::FakeKoladaServer server{demo::load_dataset(fs::path(KOLCAT_DEMO_DATA_DIR))};

    Synced() {
        server.start();
        const Run sync = run({"sync", "--api-url", server.base_url(), "--max-rps", "0", "--quiet"},
                             (folder.path() / "sync.txt").string());
        REQUIRE_MESSAGE(sync.status == 0, sync.err);
    }

    // Runs kolcat with ARGS in bash: `prefix` before it (e.g. `ulimit -f 100;`), its stdout
    // sent to `stdout_target` or through `pipe_to` (e.g. `| head -1`). Returns when what
    // `prefix` started in the background has ended too.
    Run run(const std::vector<std::string>& args, const std::string& stdout_target,
            const std::string& prefix = "", const std::string& pipe_to = "",
            const std::string& env_flags = "") const {
        const auto err = folder.path() / "stderr.txt";
        const auto status = folder.path() / "status.txt";
        std::string command =
            "env " + env_flags + " -u KOLCAT_LOCAL_INDICATORS -u KOLCAT_INDICATORS_DIR " +
            std::string("KOLCAT_CATALOGUE=") + shell_quote(catalogue.string()) +
            " XDG_CONFIG_HOME=" + shell_quote((folder.path() / "config").string()) + " " +
            shell_quote(KOLCAT_BINARY);
        for (const auto& arg : args) {
            command += " " + shell_quote(arg);
        }
        command += " 2>" + shell_quote(err.string());
        std::string script = prefix + " ";
        if (pipe_to.empty()) {
            script += command + " >" + shell_quote(stdout_target) + "; echo $? >" +
                      shell_quote(status.string());
        } else {
            script += command + " " + pipe_to + "; echo ${PIPESTATUS[0]} >" +
                      shell_quote(status.string());
        }
        script += "; wait";  // for what `prefix` started in the background
        const int shell = std::system(("bash -c " + shell_quote(script)).c_str());
        REQUIRE(WIFEXITED(shell));
        Run result;
        result.status = std::stoi(read_text_file(status));
        result.err = read_text_file(err);
        if (pipe_to.empty() && stdout_target != full_device) {
            result.out = read_text_file(stdout_target);
        }
        return result;
    }
};

// One synced catalogue for every case here: a sync takes seconds, each case only reads (the
// `sync` in the list below changes nothing on an unchanged server).
Synced& synced_once() {
    static Synced synced;
    return synced;
}

// Every command line that prints a result, in each of its formats.
std::vector<std::vector<std::string>> printing_command_lines(const std::string& api_url,
                                                             const fs::path& folder) {
    std::vector<std::vector<std::string>> lines;
    const std::vector<std::vector<std::string>> with_formats = {
        {"status"},
        {"search", "kvinnor"},
        {"show", "N00945"},
        {"values", "--kpi", "N00945"},
        {"changes", "--since", "2000-01-01", "--kpi", "N00945"},
        {"goals"},
        {"compare", "N00945"},
        {"compare", "--goal", "5", "--against", "north"},
        {"gaps"},
        {"gaps", "--all"},
        {"coverage"},
        {"coverage", "--all", "--by", "operating-area"},
    };
    for (const auto& base : with_formats) {
        for (const char* format : {"table", "csv", "json", "markdown"}) {
            auto line = base;
            line.insert(line.end(), {"--format", format});
            lines.push_back(line);
        }
        auto excel = base;
        excel.insert(excel.end(), {"--format", "csv", "--csv-dialect", "excel-sv"});
        lines.push_back(excel);
    }
    lines.push_back({"values"});  // CSV streamed in chunks: about 2 MB here
    lines.push_back({"sync", "--api-url", api_url, "--max-rps", "0"});
    lines.push_back({"indicators", "check"});
    lines.push_back({"report", "--out", (folder / "report.html").string()});
    lines.push_back({"ping", "--api-url", api_url});
    lines.push_back({"--version"});
    lines.push_back({"--help"});
    lines.push_back({});  // no command: the general help, exit code 2 otherwise
    lines.push_back({"help", "values"});
    lines.push_back({"indicators"});
    for (const char* command : {"sync", "status", "search", "show", "values", "changes", "goals",
                                "compare", "gaps", "report", "ping"}) {
        lines.push_back({command, "--help"});
    }
    lines.push_back({"indicators", "check", "--help"});
    lines.push_back({"coverage", "--help"});
    return lines;
}

std::string joined(const std::vector<std::string>& args) {
    std::string text = "kolcat";
    for (const auto& arg : args) {
        text += " " + arg;
    }
    return text;
}

}  // namespace

TEST_CASE("output: every command and format on a full device fails with one line and exit 4") {
    if (!is_character_device(full_device)) {
        MESSAGE("skipped: no character device " << full_device);
        return;
    }
    Synced& synced = synced_once();
    for (const auto& args :
         printing_command_lines(synced.server.base_url(), synced.folder.path())) {
        // The exact message also proves that the command line is valid and prints something.
        INFO(joined(args));
        const Run full = synced.run(args, full_device);
        CHECK(full.status == 4);
        CHECK(lines_of(full.err) == std::vector<std::string>{disk_full_line});
    }
    CHECK(is_character_device(full_device));
}

TEST_CASE("output: a reader that stops early ends kolcat quietly, as SIGPIPE does") {
    Synced& synced = synced_once();
    // `values` prints about 2 MB here, far more than a pipe holds: kolcat is still writing
    // when `head` exits.
    const auto head = (synced.folder.path() / "head.txt").string();
    // The test process may ignore SIGPIPE itself, and kolcat would inherit that: say which.
    SUBCASE("SIGPIPE as usual") {
        const Run run = synced.run({"values"}, "", "", "| head -1 >" + shell_quote(head),
                                   "--default-signal=PIPE");
        CHECK(run.status == 128 + SIGPIPE);
        CHECK(run.err.empty());
    }
    SUBCASE("SIGPIPE ignored by the caller: the same end, not an error message") {
        const Run run = synced.run({"values"}, "", "", "| head -1 >" + shell_quote(head),
                                   "--ignore-signal=PIPE");
        CHECK(run.status == 128 + SIGPIPE);
        CHECK(run.err.empty());
    }
    CHECK(lines_of(read_text_file(head)) ==
          std::vector<std::string>{"kpi,municipality,period,gender,value,count,status"});
}

TEST_CASE("output: changes streamed to a reader that stops early ends as SIGPIPE does") {
    Synced& synced = synced_once();
    const auto head = (synced.folder.path() / "changes-head.txt").string();
    // Every value, listed as published: megabytes in every format, the table's two passes too.
    for (const char* format : {"table", "csv", "json", "markdown"}) {
        CAPTURE(format);
        for (const char* signal : {"--default-signal=PIPE", "--ignore-signal=PIPE"}) {
            CAPTURE(signal);
            const Run run = synced.run({"changes", "--since", "2000-01-01", "--format", format}, "",
                                       "", "| head -1 >" + shell_quote(head), signal);
            CHECK(run.status == 128 + SIGPIPE);
            CHECK(run.err.empty());
            CHECK(lines_of(read_text_file(head)).size() == 1);
        }
    }
}

// A copy of the synced catalogue in which every value differs from the server's by 1: verify
// of two key figures (some 7 600 cells, hundreds of KB in every format: far more than a pipe
// holds) lists every cell, and keeps them in a temporary file in `tmp` (TMPDIR) until it
// writes them.
struct Differing {
    TempFolder folder{"differing"};
    fs::path catalogue = folder.path() / "differing.sqlite";
    fs::path tmp = folder.path() / "tmp";

    explicit Differing(const Synced& synced) {
        fs::copy_file(synced.catalogue, catalogue);
        fs::create_directory(tmp);
        auto opened = catalogue::Catalogue::open(catalogue);
        opened.database().exec(
            "UPDATE kpi_value SET value_digits = kolcat_packed_value(value + 1)");
    }

    std::vector<std::string> verify(const Synced& synced, const char* format) const {
        return {"verify",
                "--catalogue",
                catalogue.string(),
                "--api-url",
                synced.server.base_url(),
                "--max-rps",
                "0",
                "--all",
                "--kpi",
                "N03926,N01454",
                "--quiet",
                "--format",
                format};
    }
    std::string with_tmpdir() const { return "export TMPDIR=" + shell_quote(tmp.string()) + ";"; }
};

TEST_CASE(
    "output: verify's differences to a reader that stops early end it quietly, no file left") {
    Synced& synced = synced_once();
    const Differing differing(synced);
    const auto head = (differing.folder.path() / "head.txt").string();
    for (const char* format : {"table", "csv", "json", "markdown"}) {
        CAPTURE(format);
        for (const char* signal : {"--default-signal=PIPE", "--ignore-signal=PIPE"}) {
            CAPTURE(signal);
            const Run run =
                synced.run(differing.verify(synced, format), "", differing.with_tmpdir(),
                           "| head -1 >" + shell_quote(head), signal);
            CHECK(run.status == 128 + SIGPIPE);
            CHECK(run.err.empty());
            CHECK(lines_of(read_text_file(head)).size() == 1);
            CHECK(entries_in(differing.tmp) == 0);
        }
    }
}

TEST_CASE("output: verify's differences on a full device: one line, exit 4, no file left") {
    if (!is_character_device(full_device)) {
        MESSAGE("skipped: no character device " << full_device);
        return;
    }
    Synced& synced = synced_once();
    const Differing differing(synced);
    for (const char* format : {"table", "csv", "json", "markdown"}) {
        CAPTURE(format);
        const Run full =
            synced.run(differing.verify(synced, format), full_device, differing.with_tmpdir());
        CHECK(full.status == 4);
        CHECK(lines_of(full.err) == std::vector<std::string>{disk_full_line});
        CHECK(entries_in(differing.tmp) == 0);
    }
}

TEST_CASE("output: a file size limit cuts no file short; report --out leaves nothing behind") {
    Synced& synced = synced_once();
    const TempFolder out;
    const auto& folder = out.path();
    // bash's `ulimit -f` counts 1024-byte blocks; with SIGXFSZ ignored a write beyond the
    // limit fails with EFBIG instead of killing kolcat.
    const std::string limit = "trap '' XFSZ; ulimit -f 64;";
    const std::string too_large = "File too large";

    SUBCASE("values to a file") {
        const auto file = (folder / "values.csv").string();
        const Run run = synced.run({"values"}, file, limit);
        CHECK(run.status == 4);
        CHECK(lines_of(run.err) ==
              std::vector<std::string>{"kolcat: cannot write output: " + too_large});
    }
    SUBCASE("report --out: no partial and no temporary file") {
        const auto report = folder / "report.html";
        const Run run = synced.run({"report", "--out", report.string()},
                                   (synced.folder.path() / "stdout.txt").string(), limit);
        CHECK(run.status == 4);
        CHECK(lines_of(run.err) == std::vector<std::string>{"kolcat: cannot write output " +
                                                            report.string() + ": " + too_large});
        CHECK(entries_in(folder) == 0);
    }
    SUBCASE("report --out over an old report: the old one stays, nothing else appears") {
        const auto report = folder / "report.html";
        {
            std::ofstream old(report);
            old << "the old report";
        }
        const Run run = synced.run({"report", "--out", report.string()},
                                   (synced.folder.path() / "stdout.txt").string(), limit);
        CHECK(run.status == 4);
        CHECK(read_text_file(report) == "the old report");
        CHECK(entries_in(folder) == 1);
    }
}

TEST_CASE("output: report --out writes a device or a FIFO in place and never replaces it") {
    Synced& synced = synced_once();
    const TempFolder here;
    const auto fifo = here.path() / "report.fifo";
    const auto copy = here.path() / "copy.html";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // The reader gives up after a while, should kolcat never open the FIFO.
    const Run run = synced.run({"report", "--out", fifo.string()},
                               (synced.folder.path() / "stdout.txt").string(),
                               "(timeout 20 cat " + shell_quote(fifo.string()) + " >" +
                                   shell_quote(copy.string()) + ") &");
    CHECK_MESSAGE(run.status == 0, run.err);
    CHECK(is_named_pipe(fifo));
    CHECK(read_text_file(copy).find("</html>") != std::string::npos);
    for (const auto& entry : fs::directory_iterator(here.path())) {
        CHECK_MESSAGE(entry.path().filename().string().find(".tmp") == std::string::npos,
                      entry.path());
    }

    if (!is_character_device(full_device)) {
        MESSAGE("skipped --out /dev/full: no character device " << full_device);
        return;
    }
    // A kolcat that replaced the FIFO would replace the device node too: do not let it.
    REQUIRE_MESSAGE(is_named_pipe(fifo),
                    "not running 'report --out /dev/full': kolcat replaced a FIFO");
    const Run full = synced.run({"report", "--out", full_device},
                                (synced.folder.path() / "stdout.txt").string());
    CHECK(full.status == 4);
    CHECK(
        lines_of(full.err) ==
        std::vector<std::string>{"kolcat: cannot write output /dev/full: No space left on device"});
    CHECK(is_character_device(full_device));
    // And stdout on the device while the report goes to a file: the file is written, the
    // summary line is not.
    const auto report = here.path() / "report.html";
    const Run summary = synced.run({"report", "--out", report.string()}, full_device);
    CHECK(summary.status == 4);
    CHECK(lines_of(summary.err) == std::vector<std::string>{disk_full_line});
    CHECK(read_text_file(report).find("</html>") != std::string::npos);
}

}  // namespace kolcat
