// kolcat as a new, demanding user meets it: before any sync, with typos in ids, with a
// catalogue path that is wrong or read-only, reading help, and reading tables on a terminal.
// Every failure must be one clear line with the documented exit code, never empty output that
// passes for an answer.
// Longer than 400 lines: the cases follow one new user from the first command on, sharing
// the user's folder and runner defined at the top.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/database.hpp"
#include "tests/support/test_cli_compare_support.hpp"
#include "tests/support/test_compare_fixture.hpp"
#include "text/text_width.hpp"

using namespace kolcat;
using namespace kolcat::catalogue;
using namespace kolcat::curated;
using namespace kolcat::text;

namespace kolcat {
namespace {

using test_compare::add_tkm;
using test_compare::lines_of;
using test_compare::make_kpi;
using test_compare::shell_quote;
using test_compare::TempFolder;
using test_compare::TestCatalogue;

using Run = testing::ProcessResult;

// How to run kolcat as another user: PREFIX kolcat, with the binary and the curated set where
// that user can read them.
struct OtherUser {
    std::string prefix;  // e.g. "setpriv --reuid=65534 ..."
    std::filesystem::path binary = KOLCAT_BINARY;
    std::optional<std::filesystem::path> indicators_dir;  // KOLCAT_INDICATORS_DIR
};

// Runs `PREFIX kolcat ARGS...` (no --catalogue added) with the user's own files kept out; its
// output goes to files in `scratch`.
Run run_kolcat(const std::filesystem::path& scratch, const std::vector<std::string>& args,
               const OtherUser& user = {}) {
    testing::SpawnOptions options;
    std::istringstream words(user.prefix);
    for (std::string word; words >> word;) {
        options.prefix.push_back(word);
    }
    if (user.indicators_dir) {
        options.env.push_back("KOLCAT_INDICATORS_DIR=" + user.indicators_dir->string());
    }
    std::vector<std::string> argv{user.binary.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::Child(argv, scratch, options).wait();
}

using testing::describe;

// One line on stderr, nothing on stdout: what every refusal looks like.
void check_one_line_error(const Run& run, int exit_code, const std::string& says) {
    CAPTURE(describe(run));
    CHECK(run.exit_code == exit_code);
    CHECK(run.out.empty());
    CHECK(lines_of(run.err).size() == 1);
    CHECK(run.err.find(says) != std::string::npos);
}

constexpr const char* kLongTitle =
    "Andel invånare i åldern 16-84 år som uppger att de har avstått från att gå ut ensamma på "
    "kvällen av rädsla för att bli överfallna, rånade eller ofredade, andel (%)";

// A catalogue as a sync leaves it: metadata, Riket, the regions, Norrbotten's municipalities,
// and a few values of N00957 (curated) and N00945, with finished sync runs.
struct SyncedTestCatalogue {
    TestCatalogue test{{make_kpi("N00957", "A", true, "Ohälsotal, dagar"),
                        make_kpi("N00945", "A", false,
                                 "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, "
                                 "andel av antal dagar (%)"),
                        make_kpi("U99999", "A", true, kLongTitle)}};
    TempFolder scratch;

    SyncedTestCatalogue() {
        std::vector<catalogue::Value> values;
        add_tkm(values, "N00957", "0025", 2022, 24.88, 30.39, 19.92);
        add_tkm(values, "N00957", "0000", 2022, 21.98, 26.4, 17.8);
        add_tkm(values, "N00957", "0024", 2022, 24.5, 30.2, 19.2);
        add_tkm(values, "N00945", "0025", 2022, 37.8, std::nullopt, std::nullopt);
        add_tkm(values, "N00945", "0000", 2022, 36.1, std::nullopt, std::nullopt);
        add_tkm(values, "U99999", "0025", 2022, 10.5, 12.5, 8.5);
        test_compare::store_values(test.catalogue(), values);
    }
    Run run(std::vector<std::string> args, const OtherUser& user = {},
            const std::optional<std::filesystem::path>& catalogue = std::nullopt) const {
        args.push_back("--catalogue");
        args.push_back(catalogue.value_or(test.path()).string());
        return run_kolcat(scratch.path(), args, user);
    }
};

// What another user needs to run kolcat on a catalogue, copied into a fresh folder that every
// user may enter and read: the binary (it links only system libraries), the curated set and the
// catalogue (read-only). The folder goes in the temporary directory, else in /tmp when that one
// is closed to others (TMPDIR inside a private folder).
class SharedCopy {
  public:
    explicit SharedCopy(const std::filesystem::path& catalogue) {
        for (const auto& parent :
             {std::filesystem::temp_directory_path(), std::filesystem::path("/tmp")}) {
            std::string pattern = (parent / "kolcat-shared-XXXXXX").string();
            if (::mkdtemp(pattern.data()) != nullptr) {
                folder_ = pattern;
                if (open_to_all(folder_)) {
                    break;
                }
                std::filesystem::remove_all(folder_);
                folder_.clear();
            }
        }
        if (folder_.empty()) {
            return;
        }
        namespace fs = std::filesystem;
        fs::copy_file(KOLCAT_BINARY, binary());
        fs::permissions(binary(), fs::perms::owner_all | fs::perms::group_read |
                                      fs::perms::group_exec | fs::perms::others_read |
                                      fs::perms::others_exec);
        fs::copy(KOLCAT_INDICATORS_DIR, indicators_dir(), fs::copy_options::recursive);
        for (const auto& entry : fs::recursive_directory_iterator(indicators_dir())) {
            fs::permissions(entry.path(),
                            entry.is_directory() ? fs::perms::others_read | fs::perms::others_exec |
                                                       fs::perms::group_read | fs::perms::group_exec
                                                 : fs::perms::others_read | fs::perms::group_read,
                            fs::perm_options::add);
        }
        fs::permissions(indicators_dir(), fs::perms::others_read | fs::perms::others_exec,
                        fs::perm_options::add);
        fs::copy_file(catalogue, this->catalogue());
        fs::permissions(this->catalogue(),
                        fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    }
    ~SharedCopy() {
        std::error_code ignored;
        if (!folder_.empty()) {
            std::filesystem::remove_all(folder_, ignored);
        }
    }
    SharedCopy(const SharedCopy&) = delete;
    SharedCopy& operator=(const SharedCopy&) = delete;

    std::filesystem::path binary() const { return folder_ / "kolcat"; }
    std::filesystem::path indicators_dir() const { return folder_ / "indicators"; }
    std::filesystem::path catalogue() const { return folder_ / "catalogue.sqlite"; }

    // Why the user that `prefix` switches to cannot run the copy, or nullopt when it can.
    std::optional<std::string> usable_by(const std::string& prefix) const {
        if (folder_.empty()) {
            return "no temporary folder that every user may enter";
        }
        const std::string probe = prefix + " " + test_compare::shell_quote(binary().string()) +
                                  " --version >/dev/null 2>&1";
        if (std::system(probe.c_str()) != 0) {
            return "the other user cannot run " + binary().string() +
                   " (a library it needs may be out of reach)";
        }
        return std::nullopt;
    }

  private:
    // The folder may be entered and read by all, and so may every folder above it.
    static bool open_to_all(const std::filesystem::path& folder) {
        std::error_code error;
        std::filesystem::permissions(
            folder,
            std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                std::filesystem::perms::others_exec,
            error);
        if (error) {
            return false;
        }
        for (auto at = folder.parent_path(); !at.empty(); at = at.parent_path()) {
            struct stat info{};
            if (::stat(at.c_str(), &info) != 0 || (info.st_mode & S_IXOTH) == 0) {
                return false;
            }
            if (at == at.root_path()) {
                break;
            }
        }
        return true;
    }

    std::filesystem::path folder_;
};

// The read commands and a harmless way to call each.
std::vector<std::vector<std::string>> read_commands(const std::filesystem::path& out_html) {
    return {{"search", "ohälsotal"},
            {"show", "N00957"},
            {"values", "--kpi", "N00957"},
            {"goals"},
            {"compare", "N00957"},
            {"gaps"},
            {"report", "--out", out_html.string()}};
}

}  // namespace

TEST_CASE("new user: before any sync, every read command says to run kolcat sync") {
    TempFolder folder;
    const auto path = folder.path() / "catalogue.sqlite";
    // What a first sync that could not reach Kolada leaves: the schema and nothing else.
    {
        catalogue::Catalogue::open(path);
    }
    const auto report = folder.path() / "report.html";
    for (auto args : read_commands(report)) {
        args.push_back("--catalogue");
        args.push_back(path.string());
        CAPTURE(args[0]);
        check_one_line_error(run_kolcat(folder.path(), args), 4, "run 'kolcat sync' first");
    }
    CHECK_FALSE(std::filesystem::exists(report));
    check_one_line_error(
        run_kolcat(folder.path(), {"indicators", "check", "--catalogue", path.string()}), 4,
        "run 'kolcat sync' first, or use --kpi-json FILE");

    // status is how one finds out: it answers, and names the next step.
    const Run status = run_kolcat(folder.path(), {"status", "--catalogue", path.string()});
    CAPTURE(describe(status));
    CHECK(status.exit_code == 0);
    CHECK(status.out.find("next_step") != std::string::npos);
    CHECK(status.out.find("kolcat sync") != std::string::npos);
}

TEST_CASE("new user: a first sync that fails before it records a run is still explained") {
    TempFolder folder;
    const auto path = folder.path() / "catalogue.sqlite";
    // Nothing listens on port 9 of loopback (discard, never served here): the metadata fetch
    // fails at once, before the sync could record a run.
    const Run sync =
        run_kolcat(folder.path(), {"sync", "--catalogue", path.string(), "--api-url",
                                   "http://127.0.0.1:9/v3", "--retries", "1", "--quiet"});
    CAPTURE(describe(sync));
    CHECK(sync.exit_code == 5);

    // status says what went wrong, when; the read commands repeat it with the next step.
    const Run status =
        run_kolcat(folder.path(), {"status", "--catalogue", path.string(), "--format", "json"});
    CAPTURE(describe(status));
    REQUIRE(status.exit_code == 0);
    const auto fields = nlohmann::json::parse(status.out);
    REQUIRE(fields.contains("last_sync_failure"));
    const std::string failure = fields.at("last_sync_failure").get<std::string>();
    CHECK(failure.find("127.0.0.1:9") != std::string::npos);
    CHECK(failure.rfind("20", 0) == 0);  // starts with its UTC time
    const Run search = run_kolcat(folder.path(), {"search", "x", "--catalogue", path.string()});
    check_one_line_error(search, 4, "the last sync failed at ");
    CHECK(search.err.find("run 'kolcat sync' first") != std::string::npos);
}

TEST_CASE("new user: a wrong catalogue path is one line naming the path, exit code 4") {
    TempFolder folder;
    const auto text_file = folder.path() / "notes.sqlite";
    std::ofstream(text_file) << "these are my meeting notes, not a catalogue\n";
    const auto random_file = folder.path() / "random.sqlite";
    {
        std::ofstream out(random_file, std::ios::binary);
        for (int i = 0; i < 4096; ++i) {
            out.put(static_cast<char>((i * 7919) % 251));
        }
    }
    const auto newer = folder.path() / "newer.sqlite";
    {
        catalogue::Catalogue catalogue = catalogue::Catalogue::open(newer);
        catalogue.database().exec("PRAGMA user_version = 99");
    }
    struct Case {
        std::filesystem::path path;
        std::string says;
    };
    for (const Case& wrong : {Case{folder.path(), "is a folder, not a catalogue file"},
                              Case{text_file, "is not a kolcat catalogue"},
                              Case{random_file, "is not a kolcat catalogue"},
                              Case{newer, "newer than this kolcat understands"},
                              Case{folder.path() / "missing.sqlite", "run 'kolcat sync' first"}}) {
        for (const char* command : {"status", "values", "compare"}) {
            std::vector<std::string> args{command, "--catalogue", wrong.path.string()};
            if (std::string(command) == "compare") {
                args.push_back("N00957");
            }
            CAPTURE(command);
            const Run run = run_kolcat(folder.path(), args);
            check_one_line_error(run, 4, wrong.says);
            CHECK(run.err.find(wrong.path.string()) != std::string::npos);
        }
    }
    // Nothing was created or changed on the way.
    CHECK_FALSE(std::filesystem::exists(folder.path() / "missing.sqlite"));
    CHECK(test_compare::read_text_file(text_file).rfind("these are my meeting notes", 0) == 0);
}

TEST_CASE("new user: a read-only catalogue (a share, another user's file) still answers") {
    SyncedTestCatalogue synced;
    // A writer stores the curated set first, as any command run by its owner does.
    REQUIRE(synced.run({"goals"}).exit_code == 0);
    const auto path = synced.test.path();
    const auto folder = path.parent_path();
    {
        catalogue::Catalogue closing = std::move(synced.test.catalogue());
    }
    REQUIRE_FALSE(std::filesystem::exists(path.string() + "-shm"));

    // Root may write anything, so it runs kolcat as nobody; anyone else takes the write
    // permission away from the file and its folder.
    OtherUser user;
    std::optional<SharedCopy> shared;
    std::filesystem::path catalogue = path;
    const bool as_root = ::geteuid() == 0;
    if (as_root) {
        if (std::system("command -v setpriv >/dev/null 2>&1") != 0) {
            MESSAGE("running as root without setpriv: read-only catalogue not tested");
            return;
        }
        user.prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups";
        // The checkout may sit where nobody cannot enter (a 0700 folder): nobody gets a copy of
        // what it needs in a folder of its own that everyone may enter and read.
        shared.emplace(path);
        if (const auto why_not = shared->usable_by(user.prefix)) {
            MESSAGE("read-only catalogue not tested: " << *why_not);
            return;
        }
        user.binary = shared->binary();
        user.indicators_dir = shared->indicators_dir();
        catalogue = shared->catalogue();
    } else {
        std::filesystem::permissions(path, std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::remove);
        std::filesystem::permissions(folder, std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::remove);
    }
    std::vector<Run> runs;
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"status"},
                                               {"values", "--kpi", "N00957", "--unit", "0025"},
                                               {"show", "N00957"},
                                               {"compare", "N00957", "--against", "0024"},
                                               {"compare", "--goal", "5", "--format", "json"},
                                               {"gaps"}}) {
        const Run run = synced.run(args, user, catalogue);
        CAPTURE(args[0]);
        CAPTURE(describe(run));
        CHECK(run.exit_code == 0);
        CHECK(run.err.find("error") == std::string::npos);
        runs.push_back(run);
    }
    CHECK(runs[1].out.find("N00957,0025,2022,K,30.39,") != std::string::npos);
    CHECK(runs[3].out.find("Region Norrbotten") != std::string::npos);
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add);
    std::filesystem::permissions(path, std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    // Nothing was written next to the catalogue.
    CHECK_FALSE(std::filesystem::exists(catalogue.string() + "-wal"));
}

TEST_CASE("new user: ids in lower case, with spaces or commas are understood") {
    SyncedTestCatalogue synced;
    const Run show = synced.run({"show", "n00957"});
    CAPTURE(describe(show));
    CHECK(show.exit_code == 0);
    CHECK(show.out.find("Ohälsotal, dagar") != std::string::npos);

    const Run values =
        synced.run({"values", "--kpi", " n00957 ", "--unit", "0025", "--years", "2022"});
    CAPTURE(describe(values));
    CHECK(values.exit_code == 0);
    CHECK(lines_of(values.out).size() == 4);  // the header and T, K, M

    const Run spaced = synced.run({"compare", "N00957, n00945", "--format", "json"});
    CAPTURE(describe(spaced));
    REQUIRE(spaced.exit_code == 0);
    const auto json = nlohmann::json::parse(spaced.out);
    REQUIRE(json.size() == 2);
    CHECK(json[0]["kpi"] == "N00957");
    CHECK(json[1]["kpi"] == "N00945");

    const Run lower_against = synced.run(
        {"compare", "N00957", "--region", "0025", "--against", "0024,g33632", "--format", "json"});
    CAPTURE(describe(lower_against));
    CHECK(lower_against.exit_code == 0);

    // Empty ids are a mistake, never "everything".
    check_one_line_error(synced.run({"values", "--kpi", ""}), 2, "--kpi needs at least one id");
    check_one_line_error(synced.run({"values", "--unit", " , "}), 2,
                         "--unit needs at least one id");
    check_one_line_error(synced.run({"show", ""}), 2, "empty key figure id");
    check_one_line_error(synced.run({"compare", "N00957", "--region", ""}), 2,
                         "--region needs an id");
    check_one_line_error(synced.run({"show", "N0095;7"}), 2, "invalid id 'N0095;7'");
    // A well-formed id that does not exist is exit code 3, in the form the user typed it.
    check_one_line_error(synced.run({"show", "n99999"}), 3, "N99999 is not in the catalogue");
}

TEST_CASE("new user: help is readable, and option errors read like the others") {
    TempFolder folder;
    const Run general = run_kolcat(folder.path(), {"--help"});
    CHECK(general.exit_code == 0);
    CHECK(general.out.find("  indicators  Validate") != std::string::npos);

    for (const char* command : {"sync", "status", "search", "show", "values", "changes", "goals",
                                "compare", "gaps", "report", "ping"}) {
        CAPTURE(command);
        const Run help = run_kolcat(folder.path(), {command, "--help"});
        CAPTURE(help.out);
        CHECK(help.exit_code == 0);
        CHECK(help.out.rfind(std::string("Usage: kolcat ") + command, 0) == 0);
        CHECK(help.out.find("Examples:") != std::string::npos);
        // Qt's own --help-all lists options that mean nothing to a kolcat user.
        CHECK(help.out.find("--help-all") == std::string::npos);
        for (const auto& line : lines_of(help.out)) {
            CAPTURE(line);
            CHECK(display_width(line) <= 90);
        }
    }
    const Run unknown = run_kolcat(folder.path(), {"values", "--bogus"});
    check_one_line_error(unknown, 2, "kolcat: error: unknown option '--bogus' (see 'kolcat values");
}

TEST_CASE("new user: tables fit a terminal; CSV keeps every character") {
    SyncedTestCatalogue synced;
    const Run search = synced.run({"search", "kvällen"});
    CAPTURE(describe(search));
    REQUIRE(search.exit_code == 0);
    CHECK(search.out.find("U99999") != std::string::npos);
    CHECK(search.out.find("…") != std::string::npos);
    for (const auto& line : lines_of(search.out)) {
        CHECK(display_width(line) <= 120);
    }
    const Run csv = synced.run({"search", "kvällen", "--format", "csv"});
    CHECK(csv.out.find(kLongTitle) != std::string::npos);

    // show folds the long texts onto several lines instead of one endless line.
    const Run show = synced.run({"show", "U99999"});
    CAPTURE(describe(show));
    REQUIRE(show.exit_code == 0);
    for (const auto& line : lines_of(show.out)) {
        CHECK(display_width(line) <= 120);
    }
    CHECK(show.out.find("kvällen") != std::string::npos);

    // show as CSV is one table of field,value pairs, the coverage included.
    const Run show_csv = synced.run({"show", "N00957", "--format", "csv"});
    CAPTURE(describe(show_csv));
    const auto csv_lines = lines_of(show_csv.out);
    REQUIRE_FALSE(csv_lines.empty());
    CHECK(csv_lines.front() == "field,value");
    CHECK(std::none_of(csv_lines.begin(), csv_lines.end(),
                       [](const std::string& line) { return line.empty(); }));
    CHECK(show_csv.out.find("coverage.0025.K,2022\r\n") != std::string::npos);

    // Numbers: a computed gap carries no floating-point noise (30.39 - 19.92 is
    // 10.469999999999999 in binary), in CSV or JSON.
    const Run compare_csv =
        synced.run({"compare", "N00957", "--against", "0024", "--format", "csv"});
    CAPTURE(describe(compare_csv));
    CHECK(compare_csv.out.find(",24.88,30.39,19.92,10.47,") != std::string::npos);
    CHECK(compare_csv.out.find(",2.9,true\r\n") != std::string::npos);  // 24.88 - 21.98
    const auto json = nlohmann::json::parse(
        synced.run({"compare", "N00957", "--against", "0024", "--format", "json"}).out);
    for (const auto& unit : json.at(0).at("units")) {
        if (unit.at("id") == "0025") {
            CHECK(unit.at("gap").dump() == "10.47");
        }
    }
}

TEST_CASE("new user: offline, the human answers say how old the data is") {
    SyncedTestCatalogue synced;
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"compare", "N00957"}, {"gaps"}, {"goals"}}) {
        const Run run = synced.run(args);
        CAPTURE(describe(run));
        CHECK(run.exit_code == 0);
        // store_values finished its run at 2026-01-01T00:00:01Z.
        CHECK(run.out.find("Data synced 2026-01-01 00:00 UTC (") != std::string::npos);
        CHECK(run.out.find("Källa: Kolada.") != std::string::npos);
    }
    // Machine formats stay pure.
    const Run json = synced.run({"compare", "N00957", "--format", "json"});
    CHECK(nlohmann::json::accept(json.out));
    CHECK(json.out.find("Data synced") == std::string::npos);

    // Demo data never cites Kolada as its source.
    synced.test.catalogue().set_meta("data_source", "demo");
    const Run demo = synced.run({"compare", "N00957"});
    CAPTURE(describe(demo));
    CHECK(demo.out.find("DEMO data: made up, not from Kolada.") != std::string::npos);
    CHECK(demo.out.find("Källa: Kolada") == std::string::npos);
}

TEST_CASE("new user: searching for a place names its unit id") {
    SyncedTestCatalogue synced;
    for (const char* place : {"Överkalix", "överkalix", "overkalix"}) {
        const Run run = synced.run({"search", place});
        CAPTURE(describe(run));
        CHECK(run.exit_code == 0);
        CHECK(run.out.empty());
        CHECK(lines_of(run.err).size() == 1);
        CHECK(run.err.find("No key figure matches") != std::string::npos);
        CHECK(run.err.find("Överkalix is the unit 2513") != std::string::npos);
    }
    const Run nothing = synced.run({"search", "zzzxq"});
    CHECK(nothing.exit_code == 0);
    CHECK(nothing.err == "No key figure matches 'zzzxq'.\n");

    // values that match nothing say so on stderr; stdout stays a valid empty answer.
    const Run empty =
        synced.run({"values", "--kpi", "N00957", "--years", "1990-1995", "--format", "json"});
    CAPTURE(describe(empty));
    CHECK(empty.exit_code == 0);
    CHECK(nlohmann::json::parse(empty.out).empty());
    CHECK(empty.err.find("no values stored for this selection") != std::string::npos);
}

}  // namespace kolcat
