// kolcat verify, run as a user runs it: a catalogue synced from the fake Kolada server, then the
// server's data changes (a value changed, one deleted, one added, and the mean of their group
// moves with them), and the real binary verifies, aims, samples and repairs.

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <QCoreApplication>
#include <QLockFile>
#include <QString>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/test_cli_compare_support.hpp"
#include "tests/support/test_sync_support.hpp"

using namespace kolcat;
using namespace kolcat::synctest;
using kolcat::demo::FakeKoladaServer;
using test_compare::CommandResult;
using test_compare::lines_of;
using test_compare::run_kolcat_on;

namespace {

// The fixture's ids (generate_dataset): key figures N10000 + 3k, municipalities "CCNN" by
// county prefix, groups of ten G910000.. in the order of the municipalities.
constexpr const char* kpi0 = "N10000";  // kpis[0]: T, K and M
constexpr const char* kpi5 = "N10015";  // kpis[5]
constexpr const char* unit0 = "0110";   // municipalities[0], a member of G910000
constexpr const char* unit3 = "0510";   // municipalities[3], a member of G910000
constexpr const char* group0 = "G910000";

// Every row of every table, as text: to prove that a verify wrote nothing.
std::string dump_tables(const std::filesystem::path& path) {
    auto catalogue = catalogue::Catalogue::open(path, catalogue::OpenMode::read_only);
    sqlite3* db = catalogue.database().handle();
    std::vector<std::string> tables;
    {
        catalogue::Statement select = catalogue.database().prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'kpi_fts%' ORDER BY name");
        while (select.step()) {
            tables.push_back(select.column_text(0));
        }
    }
    std::string dump;
    for (const auto& table : tables) {
        dump += "[" + table + "]\n";
        sqlite3_stmt* statement = nullptr;
        // The names come from sqlite_schema itself, not from user text.
        REQUIRE(sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table + "\"").c_str(), -1, &statement,
                                   nullptr) == SQLITE_OK);
        while (sqlite3_step(statement) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(statement); ++i) {
                const auto* text = sqlite3_column_text(statement, i);
                dump += text ? reinterpret_cast<const char*>(text) : "NULL";
                dump += "|";
            }
            dump += "\n";
        }
        sqlite3_finalize(statement);
    }
    return dump;
}

struct FileState {
    std::string bytes;
    std::filesystem::file_time_type mtime;
    bool operator==(const FileState&) const = default;
};
FileState file_state(const std::filesystem::path& path) {
    return {test_compare::read_text_file(path), std::filesystem::last_write_time(path)};
}

// A catalogue synced (by the library, exactly) from the fake server: 30 key figures x 36 units
// (30 municipalities, Riket, two regions, three groups of ten), every year.
struct VerifyFixture {
    TempDir dir;
    std::filesystem::path catalogue = dir / "catalogue.sqlite";
    demo::FakeKoladaServer server{make_dataset()};
    catalogue::SyncScope scope;

    VerifyFixture() {
        server.start();
        auto opened = catalogue::Catalogue::open(catalogue);
        Transport transport;
        const auto report =
            sync::run_sync(opened, transport.fetcher,
                           sync_options(server, everything(make_dataset()), at_day(2026, 3, 1)));
        scope = report.scope;
        server.clear_request_log();
    }

    CommandResult verify(std::vector<std::string> args,
                         const testing::SpawnOptions& options = {}) const {
        args.insert(args.begin(), {"verify", "--api-url", server.base_url(), "--max-rps", "0"});
        args.insert(args.end(), {"--catalogue", catalogue.string()});
        return testing::run_kolcat(args, dir / "", options);
    }

    // Kolada publishes on 2026-03-10: one value changed, one deleted, one added. All three
    // units are members of G910000, whose means Kolada computes on request.
    void change_values() {
        server.update_dataset([](demo::Dataset& dataset) {
            dataset.today = "2026-03-10";
            REQUIRE(dataset.value(kpi0, unit0, 2024, catalogue::Gender::T)->value != 99.5);
            dataset.set_value(kpi0, unit0, 2024, catalogue::Gender::T, 99.5);
            REQUIRE(dataset.delete_value(kpi0, unit3, 2023, catalogue::Gender::M));
            REQUIRE_FALSE(dataset.value(kpi5, unit3, 2025, catalogue::Gender::T).has_value());
            dataset.set_value(kpi5, unit3, 2025, catalogue::Gender::T, 12.0);
        });
    }

    // The mean of G910000's members for a cell, from the server's own member values.
    double member_mean(const std::string& kpi, int period, catalogue::Gender gender) const {
        double sum = 0;
        int n = 0;
        server.read_dataset([&](const demo::Dataset& dataset) {
            for (const auto& member : dataset.municipality_group(group0)->members) {
                if (const auto stored = dataset.value(kpi, member.id, period, gender);
                    stored && stored->value) {
                    sum += *stored->value;
                    ++n;
                }
            }
        });
        REQUIRE(n > 0);
        return sum / n;
    }

    std::size_t data_requests() const {
        std::size_t n = 0;
        for (const auto& request : server.request_log()) {
            n += request.data ? 1 : 0;
        }
        return n;
    }
};

// The first six columns of each CSV row: kpi,unit,period,gender,difference,fields.
std::vector<std::string> difference_keys(const std::string& csv) {
    std::vector<std::string> keys;
    const auto lines = lines_of(csv);
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const auto fields = QString::fromStdString(lines[i]).split(',');
        REQUIRE(fields.size() == 12);
        keys.push_back(QStringList(fields.mid(0, 6)).join(',').toStdString());
    }
    return keys;
}

QStringList row_of(const std::string& csv, const std::string& prefix) {
    for (const auto& line : lines_of(csv)) {
        if (line.rfind(prefix, 0) == 0) {
            return QString::fromStdString(line).split(',');
        }
    }
    FAIL("no row starting with " << prefix);
    return {};
}

std::size_t entries_in(const std::filesystem::path& folder) {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(folder),
                                                  std::filesystem::directory_iterator()));
}

const char* const kHeader =
    "kpi,unit,period,gender,difference,fields,stored_value,kolada_value,stored_count,"
    "kolada_count,stored_status,kolada_status";

}  // namespace

TEST_CASE("verify: a fresh, exact sync verifies clean (exit 0), sampled or whole") {
    VerifyFixture fixture;
    const auto all = fixture.verify({"--all", "--format", "csv"});
    CHECK_MESSAGE(all.exit_code == 0, all.err);
    CHECK(lines_of(all.out) == std::vector<std::string>{kHeader});
    CHECK(all.err.find("Verifying all 4 segments.") != std::string::npos);
    CHECK(all.err.find("every cell matches Kolada") != std::string::npos);
    // 30 key figures x 36 units: 2 x 2 segments, one page each.
    CHECK(fixture.data_requests() == 4);

    fixture.server.clear_request_log();
    const auto sampled = fixture.verify({"--sample", "2"});
    CHECK_MESSAGE(sampled.exit_code == 0, sampled.err);
    CHECK(sampled.err.find("Verifying 2 of 4 segments, chosen with seed ") != std::string::npos);
    CHECK(sampled.out.empty());  // a table with no differences prints none
    CHECK(fixture.data_requests() == 2);
}

TEST_CASE("verify says why it pauses, under its own name") {
    VerifyFixture fixture;
    demo::Faults faults;
    faults.http_429 = demo::FaultSpec::once();
    faults.retry_after_seconds = 1;
    fixture.server.set_faults(faults);
    const auto result = fixture.verify({"--all"});
    CHECK_MESSAGE(result.exit_code == 0, result.err);
    CHECK(result.err.find("verify: waiting 1.0 s (HTTP 429), attempt 2 of 8") != std::string::npos);
    CHECK(result.err.find("sync: ") == std::string::npos);
}

TEST_CASE(
    "verify --all lists exactly what changed at Kolada, groups included, and writes nothing") {
    VerifyFixture fixture;
    const double old_mean_2024 = fixture.member_mean(kpi0, 2024, catalogue::Gender::T);
    const double old_mean_2023_m = fixture.member_mean(kpi0, 2023, catalogue::Gender::M);
    fixture.change_values();
    const FileState file_before = file_state(fixture.catalogue);
    const std::string tables_before = dump_tables(fixture.catalogue);

    const auto result = fixture.verify({"--all", "--format", "csv"});
    CHECK_MESSAGE(result.exit_code == 7, result.err);
    // Worked out from the changes: each member's own cell, and G910000's mean of the cell.
    const std::vector<std::string> expected = {
        "N10000,0110,2024,T,changed,value",          "N10000,0510,2023,M,extra locally,",
        "N10000,G910000,2023,M,changed,value count", "N10000,G910000,2024,T,changed,value",
        "N10015,0510,2025,T,missing locally,",       "N10015,G910000,2025,T,missing locally,",
    };
    INFO(result.out);
    CHECK(difference_keys(result.out) == expected);
    CHECK(lines_of(result.out).front() == kHeader);

    const auto member = row_of(result.out, "N10000,0110,2024,T,");
    CHECK(member[7].toStdString() == "99.5");
    const auto mean = row_of(result.out, "N10000,G910000,2024,T,");
    CHECK(mean[6].toDouble() == doctest::Approx(old_mean_2024).epsilon(1e-12));
    CHECK(mean[7].toDouble() ==
          doctest::Approx(fixture.member_mean(kpi0, 2024, catalogue::Gender::T)).epsilon(1e-12));
    CHECK(mean[8] == "10");
    CHECK(mean[9] == "10");
    const auto lost_member = row_of(result.out, "N10000,G910000,2023,M,");
    CHECK(lost_member[6].toDouble() == doctest::Approx(old_mean_2023_m).epsilon(1e-12));
    CHECK(lost_member[8] == "10");
    CHECK(lost_member[9] == "9");
    const auto added = row_of(result.out, "N10015,G910000,2025,T,");
    CHECK(added[6].isEmpty());
    CHECK(added[7] == "12");
    CHECK(added[9] == "1");
    CHECK(result.err.find("6 differences in 2 segments (3 changed, 2 missing locally, 1 extra "
                          "locally)") != std::string::npos);
    CHECK(result.err.find("--repair") != std::string::npos);

    // Nothing was written: the file, its time, and every table are as they were.
    CHECK((file_state(fixture.catalogue) == file_before));
    CHECK(dump_tables(fixture.catalogue) == tables_before);

    // JSON carries the same rows with the same keys.
    const auto json = fixture.verify({"--all", "--format", "json"});
    CHECK(json.exit_code == 7);
    const auto rows = nlohmann::json::parse(json.out);
    REQUIRE(rows.size() == 6);
    CHECK(rows[1]["difference"] == "extra locally");
    CHECK(rows[1]["kolada_value"].is_null());
}

TEST_CASE("verify: the printed seed repeats the sample; --kpi and --unit aim it") {
    VerifyFixture fixture;
    fixture.change_values();
    const auto first = fixture.verify({"--sample", "2", "--format", "csv"});
    REQUIRE((first.exit_code == 0 || first.exit_code == 7));
    const auto at = first.err.find("chosen with seed ");
    REQUIRE(at != std::string::npos);
    const std::string seed = first.err.substr(at + 17, first.err.find(' ', at + 17) - (at + 17));
    std::vector<std::string> first_targets;
    for (const auto& request : fixture.server.request_log()) {
        first_targets.push_back(request.target);
    }
    REQUIRE(first_targets.size() == 2);

    fixture.server.clear_request_log();
    const auto again = fixture.verify({"--sample", "2", "--seed", seed, "--format", "csv"});
    CHECK(again.exit_code == first.exit_code);
    CHECK(again.out == first.out);
    std::vector<std::string> again_targets;
    for (const auto& request : fixture.server.request_log()) {
        again_targets.push_back(request.target);
    }
    CHECK(again_targets == first_targets);

    // Aimed at one member: one request for that pair alone, and only its difference.
    fixture.server.clear_request_log();
    const auto one = fixture.verify({"--kpi", "n10000", "--unit", unit0, "--format", "csv"});
    CHECK(one.exit_code == 7);
    CHECK(difference_keys(one.out) == std::vector<std::string>{"N10000,0110,2024,T,changed,value"});
    REQUIRE(fixture.server.request_log().size() == 1);
    CHECK(fixture.server.request_log()[0].target.rfind("/v3/data/kpi/N10000/municipality/0110?",
                                                       0) == 0);

    // Aimed at a key figure and a group: the group's new cell.
    const auto group = fixture.verify({"--kpi", kpi5, "--unit", "g910000", "--format", "csv"});
    CHECK(group.exit_code == 7);
    CHECK(difference_keys(group.out) ==
          std::vector<std::string>{"N10015,G910000,2025,T,missing locally,"});
    // Aimed where nothing changed: clean.
    CHECK(fixture.verify({"--kpi", "N10003", "--unit", unit0}).exit_code == 0);

    // Bad aims and bad options: one line, the usual exit codes.
    const auto unknown = fixture.verify({"--kpi", "N99999"});
    CHECK(unknown.exit_code == 3);
    CHECK(unknown.err.find("N99999") != std::string::npos);
    CHECK(fixture.verify({"--seed", "abc"}).exit_code == 2);
    CHECK(fixture.verify({"--all", "--sample", "3"}).exit_code == 2);
    CHECK(fixture.verify({"--sample", "0"}).exit_code == 2);
}

TEST_CASE("verify --repair re-syncs exactly the differing segments and keeps the sync state") {
    VerifyFixture fixture;
    fixture.change_values();
    // An unfinished sync of the same scope (as if interrupted before its first page): the
    // repair must leave it to be resumed.
    std::int64_t unfinished_id = 0;
    std::string synced_pairs_before;
    {
        auto catalogue = catalogue::Catalogue::open(fixture.catalogue);
        catalogue::SyncRun run;
        run.started_at = "2026-03-10T08:00:00Z";
        run.api_url = fixture.server.base_url();
        run.scope = fixture.scope;
        run.segments = sync::plan_sync(
            fixture.scope, catalogue.synced_dates(fixture.scope.kpis, fixture.scope.units), false,
            "2026-03-10");
        unfinished_id = catalogue.begin_run(run).id;
        catalogue::Statement select = catalogue.database().prepare(
            "SELECT kpi, unit, synced_on FROM synced_pair ORDER BY kpi, unit");
        while (select.step()) {
            synced_pairs_before += std::to_string(select.column_int64(0)) + "/" +
                                   std::to_string(select.column_int64(1)) + "/" +
                                   select.column_text(2) + "\n";
        }
    }
    fixture.server.clear_request_log();
    const auto repaired = fixture.verify({"--all", "--repair", "--format", "csv"});
    CHECK_MESSAGE(repaired.exit_code == 7, repaired.err);
    CHECK(difference_keys(repaired.out).size() == 6);
    // 4 segments verified, then the 2 that differed fetched again (one page each): the
    // members 0110 and 0510 are in the first unit chunk, G910000 in the second, and both key
    // figures in the first key-figure chunk.
    CHECK(fixture.data_requests() == 6);
    CHECK(repaired.err.find("Repaired 2 segments") != std::string::npos);

    {
        auto catalogue = catalogue::Catalogue::open(fixture.catalogue);
        check_equal_to_server(catalogue, fixture.server, fixture.scope);
        // The unfinished sync is still the one to resume, and the repair is not "the last
        // sync"; the dates the next incremental sync starts from did not move.
        REQUIRE(catalogue.unfinished_run().has_value());
        CHECK(catalogue.unfinished_run()->id == unfinished_id);
        CHECK(catalogue.last_run()->id == unfinished_id);
        CHECK(catalogue.last_finished_run()->finished_at->rfind("2026-03-01", 0) == 0);
        std::string synced_pairs_after;
        catalogue::Statement select = catalogue.database().prepare(
            "SELECT kpi, unit, synced_on FROM synced_pair ORDER BY kpi, unit");
        while (select.step()) {
            synced_pairs_after += std::to_string(select.column_int64(0)) + "/" +
                                  std::to_string(select.column_int64(1)) + "/" +
                                  select.column_text(2) + "\n";
        }
        CHECK(synced_pairs_after == synced_pairs_before);
    }

    fixture.server.clear_request_log();
    const auto clean = fixture.verify({"--all"});
    CHECK_MESSAGE(clean.exit_code == 0, clean.err);
    CHECK(fixture.data_requests() == 4);

    // The next sync resumes the unfinished run and ends exact.
    auto catalogue = catalogue::Catalogue::open(fixture.catalogue);
    Transport transport;
    const auto report = sync::run_sync(
        catalogue, transport.fetcher,
        sync_options(fixture.server, everything(make_dataset()), at_day(2026, 3, 11)));
    CHECK(report.resumed);
    CHECK(report.run_id == unfinished_id);
    check_equal_to_server(catalogue, fixture.server, fixture.scope);
}

TEST_CASE("verify --repair refuses while a sync holds the lock; Kolada unreachable is exit 5") {
    VerifyFixture fixture;
    fixture.change_values();
    const std::string tables_before = dump_tables(fixture.catalogue);
    {
        // QLockFile takes a lock for stale when the name of its holder's program is not the one
        // recorded in it: record this test program's name, as a running kolcat sync records
        // "kolcat".
        QCoreApplication::setApplicationName(QString::fromStdString(
            std::filesystem::read_symlink("/proc/self/exe").filename().string()));
        QLockFile held(QString::fromStdString(fixture.catalogue.string() + ".lock"));
        held.setStaleLockTime(0);
        REQUIRE(held.tryLock(0));
        fixture.server.clear_request_log();
        const auto refused = fixture.verify({"--all", "--repair"});
        CHECK(refused.exit_code == 4);
        CHECK(refused.err.find("another kolcat sync is running") != std::string::npos);
        CHECK(lines_of(refused.err).size() == 1);
        CHECK(fixture.server.request_log().empty());
        // Without --repair, verify only reads: the lock does not stop it.
        CHECK(fixture.verify({"--all"}).exit_code == 7);
    }
    CHECK(dump_tables(fixture.catalogue) == tables_before);

    fixture.server.stop();
    const auto offline = fixture.verify({"--all", "--retries", "1"});
    CHECK(offline.exit_code == 5);
    CHECK(dump_tables(fixture.catalogue) == tables_before);
}

TEST_CASE("verify --all writes the same bytes as before in every format, its files gone after") {
    VerifyFixture fixture;
    fixture.change_values();
    // The outputs of verify before it kept its differences in a temporary file, when it sorted
    // them all in memory: the six differences come from two segments, interleaved (the members
    // from the first, G910000 from the second), in every format and both number locales.
    const std::filesystem::path expected_dir =
        std::filesystem::path(KOLCAT_FIXTURES_DIR) / "verify_output";
    const std::vector<std::pair<std::string, std::vector<std::string>>> outputs = {
        {"table.txt", {}},
        {"csv.txt", {"--format", "csv"}},
        {"json.txt", {"--format", "json"}},
        {"markdown.txt", {"--format", "markdown"}},
        {"table-sv.txt", {"--locale", "sv"}},
        {"markdown-sv.txt", {"--format", "markdown", "--locale", "sv"}},
        {"csv-excel-sv.txt", {"--format", "csv", "--csv-dialect", "excel-sv"}},
    };
    const std::filesystem::path tmp = fixture.dir / "tmp";
    std::filesystem::create_directory(tmp);
    testing::SpawnOptions options;
    options.env = {"TMPDIR=" + tmp.string()};
    for (const auto& [name, format] : outputs) {
        CAPTURE(name);
        std::vector<std::string> args = {"--all"};
        args.insert(args.end(), format.begin(), format.end());
        const auto result = fixture.verify(args, options);
        CHECK_MESSAGE(result.exit_code == 7, result.err);
        CHECK(result.out == test_compare::read_text_file(expected_dir / name));
        CHECK(result.err.find("6 differences in 2 segments (3 changed, 2 missing locally, 1 "
                              "extra locally).") != std::string::npos);
        CHECK(entries_in(tmp) == 0);
    }
}

TEST_CASE("verify: a temporary folder that cannot hold the differences is one line and exit 4") {
    VerifyFixture fixture;
    fixture.change_values();
    const std::filesystem::path missing = fixture.dir / "no-such-folder";
    testing::SpawnOptions options;
    options.env = {"TMPDIR=" + missing.string()};
    const auto result = fixture.verify({"--all", "--quiet", "--format", "csv"}, options);
    CHECK(result.exit_code == 4);
    CHECK(result.out.empty());  // no header of a list that would be cut short
    CHECK(lines_of(result.err) ==
          std::vector<std::string>{"kolcat: cannot create a temporary file in " + missing.string() +
                                   ": No such file or directory"});
    CHECK_FALSE(std::filesystem::exists(missing));

    // A verify that finds no difference needs no temporary file.
    VerifyFixture clean;
    const auto matches = clean.verify({"--all", "--quiet"}, options);
    CHECK_MESSAGE(matches.exit_code == 0, matches.err);
    CHECK(matches.err.empty());
}

TEST_CASE("verify: a temporary file that cannot be written (a full disk) is one line and exit 4") {
    VerifyFixture fixture;
    // Every cell of the catalogue differs from Kolada's now.
    {
        auto catalogue = catalogue::Catalogue::open(fixture.catalogue);
        catalogue.database().exec(
            "UPDATE kpi_value SET value_digits = kolcat_packed_value(value + 1)");
    }
    const std::filesystem::path tmp = fixture.dir / "tmp";
    std::filesystem::create_directory(tmp);
    testing::SpawnOptions options;
    options.env = {"TMPDIR=" + tmp.string()};
    const auto listed = fixture.verify({"--all", "--quiet", "--format", "csv"}, options);
    CHECK(listed.exit_code == 7);
    CHECK(entries_in(tmp) == 0);

    // Writes past 48 KB fail as on a full disk (EFBIG): the catalogue's 32 KB -shm file fits,
    // the differences, which take about as many bytes as their CSV, do not.
    options.max_file_bytes = 48 * 1024;
    REQUIRE(listed.out.size() > 4 * *options.max_file_bytes);
    const auto result = fixture.verify({"--all", "--quiet", "--format", "csv"}, options);
    INFO(result.err);
    CHECK(result.exit_code == 4);
    CHECK(result.out.empty());
    CHECK(lines_of(result.err) ==
          std::vector<std::string>{"kolcat: cannot write a temporary file in " + tmp.string() +
                                   ": File too large"});
    CHECK(entries_in(tmp) == 0);
}
