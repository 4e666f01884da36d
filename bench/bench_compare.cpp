// bench_compare: times whole `kolcat compare` and `kolcat gaps` processes on two catalogues.
//
//   bench_compare KOLCAT_BINARY [--work DIR] [--runs N] [--rebuild]
//
// 1. "curated": the curated key figures × the default sync units (Riket, 21 regions, 21 county
//    groups, Norrbotten's 14 municipalities, 2 comparison groups), every year 1998-2022.
// 2. "large": Kolada-sized metadata (6 100 key figures) and at least 3 million values.
// Both are built once through the Catalogue API (the sync's own write path) and reused from
// --work (default: $TMPDIR/kolcat-bench-compare) until --rebuild. Each command runs once to
// warm up, then --runs times (default 10); the median and the fastest wall time are printed,
// with its targets: compare < 50 ms, compare --goal < 150 ms, gaps --all < 1 s.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "catalogue/unit_mapping.hpp"
#include "curated/indicators.hpp"

extern char** environ;

namespace {

using namespace kolcat;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kFirstYear = 1998;
constexpr int kLastYear = 2022;
constexpr const char* kReadyMark = "bench_compare_ready";

struct Options {
    fs::path kolcat;
    fs::path work = fs::temp_directory_path() / "kolcat-bench-compare";
    int runs = 10;
    bool rebuild = false;
};

Options parse_options(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_compare KOLCAT_BINARY [--work DIR] [--runs N] [--rebuild]\n";
        std::exit(2);
    }
    Options options;
    options.kolcat = fs::absolute(argv[1]);
    for (int i = 2; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--work" && i + 1 < argc) {
            options.work = argv[++i];
        } else if (argument == "--runs" && i + 1 < argc) {
            options.runs = std::max(1, std::stoi(argv[++i]));
        } else if (argument == "--rebuild") {
            options.rebuild = true;
        } else {
            std::cerr << "bench_compare: unknown argument " << argument << "\n";
            std::exit(2);
        }
    }
    return options;
}

// --- building the catalogues ---

struct Units {
    std::vector<catalogue::Municipality> municipalities;  // Riket, regions, municipalities
    std::vector<catalogue::Group> groups;                 // county groups and the comparison groups
};

const char* const kNorrbotten[] = {"2505", "2506", "2510", "2513", "2514", "2518", "2521",
                                   "2523", "2560", "2580", "2581", "2582", "2583", "2584"};

// Riket, the 21 regions and 290 municipalities (Norrbotten's real ids, the others made up but
// shaped like Kolada's: county code + two digits); the county groups hold their municipalities.
Units make_units() {
    Units units;
    units.municipalities.push_back({"0000", "Riket", "L"});
    for (const catalogue::County& county : catalogue::counties()) {
        units.municipalities.push_back(
            {std::string(county.region), "Region " + std::string(county.name), "L"});
        catalogue::Group group{std::string(county.group),
                               std::string(county.name) + "s läns kommuner (ovägt medel)",
                               {}};
        const std::string code(county.region.substr(2));
        const int count = code == "25" ? 0 : 13;
        for (int i = 0; i < count; ++i) {
            char suffix[8];
            std::snprintf(suffix, sizeof suffix, "%02d", i * 7 % 100);
            const std::string id = code + suffix;
            units.municipalities.push_back({id, "Kommun " + id, "K"});
            group.members.push_back({id, "Kommun " + id});
        }
        if (code == "25") {
            for (const char* id : kNorrbotten) {
                units.municipalities.push_back({id, std::string("Kommun ") + id, "K"});
                group.members.push_back({id, std::string("Kommun ") + id});
            }
        }
        units.groups.push_back(std::move(group));
    }
    units.groups.push_back(
        {"G176784", "Liknande regioner, socioekonomi", {{"0024", ""}, {"0023", ""}}});
    units.groups.push_back({"G43577", "Liknande regioner, hälso- och sjukvård", {{"0022", ""}}});
    return units;
}

// The default sync's units for a key figure of this type.
std::vector<std::string> default_units_for(const std::string& type) {
    std::vector<std::string> units{"0000"};
    for (const catalogue::County& county : catalogue::counties()) {
        if (type != "K") {
            units.emplace_back(county.region);
        }
        if (type != "L") {
            units.emplace_back(county.group);
        }
    }
    if (type != "L") {
        for (const char* id : kNorrbotten) {
            units.emplace_back(id);
        }
        units.emplace_back("G176784");
        units.emplace_back("G43577");
    }
    return units;
}

catalogue::Kpi make_kpi(const std::string& id, const std::string& type, bool divided, int index) {
    catalogue::Kpi kpi;
    kpi.id = id;
    kpi.title = "Nyckeltal " + id + " för jämförelse, andel (%)";
    kpi.description = "Syntetiskt nyckeltal för prestandamätning.";
    kpi.is_divided_by_gender = divided;
    kpi.municipality_type = type;
    const char* areas[] = {"Hälso- och sjukvård", "Kommunen, övergripande", "Befolkning",
                           "Arbetsmarknad", "Äldre och funktionshinder"};
    kpi.operating_area = areas[index % 5];
    kpi.raw_json = "{}";
    return kpi;
}

class ValueBatcher {
  public:
    explicit ValueBatcher(catalogue::Catalogue& catalogue) : catalogue_(catalogue) {
        catalogue::SyncRun run;
        run.started_at = "2026-01-01T00:00:00Z";
        run.api_url = "http://127.0.0.1/bench";
        catalogue::SyncSegment segment;
        segment.from_date = "2000-01-01";  // incremental: commit_page sweeps nothing
        run.segments.push_back(segment);
        run_id_ = catalogue_.begin_run(run).id;
    }
    void add(const std::string& kpi, const std::string& unit, int period, catalogue::Gender gender,
             double number) {
        catalogue::Value value;
        value.kpi = kpi;
        value.municipality = unit;
        value.period = period;
        value.gender = gender;
        value.value = number;
        page_.push_back(std::move(value));
        ++total_;
        if (page_.size() >= 50000) {
            flush("more");
        }
    }
    std::int64_t finish() {
        flush(std::nullopt);
        catalogue_.finish_run(run_id_, catalogue::RunStatus::finished, "2026-01-01T00:10:00Z", {},
                              std::nullopt, 1);
        return total_;
    }

  private:
    void flush(const std::optional<std::string>& next_url) {
        catalogue_.commit_page(run_id_, 0, page_, next_url, 1);
        page_.clear();
    }
    catalogue::Catalogue& catalogue_;
    std::int64_t run_id_ = 0;
    std::vector<catalogue::Value> page_;
    std::int64_t total_ = 0;
};

// T, K and M (K and M only when by_sex) for every year from first_year.
void add_series(ValueBatcher& batcher, std::mt19937& random, const std::string& kpi,
                const std::string& unit, int first_year, bool by_sex) {
    std::uniform_real_distribution<double> level(10.0, 90.0);
    const double base = level(random);
    for (int year = first_year; year <= kLastYear; ++year) {
        const double t = base + (year - first_year) * 0.3;
        batcher.add(kpi, unit, year, catalogue::Gender::T, t);
        if (by_sex) {
            batcher.add(kpi, unit, year, catalogue::Gender::K, t * 1.1);
            batcher.add(kpi, unit, year, catalogue::Gender::M, t * 0.9);
        }
    }
}

std::string type_of(curated::KpiLevel level) {
    switch (level) {
        case curated::KpiLevel::region:
            return "L";
        case curated::KpiLevel::municipality:
            return "K";
        case curated::KpiLevel::both:
            break;
    }
    return "A";
}

bool is_ready(const fs::path& path) {
    if (!fs::exists(path)) {
        return false;
    }
    try {
        return catalogue::Catalogue::open(path, catalogue::OpenMode::read_only)
            .meta(kReadyMark)
            .has_value();
    } catch (const std::exception&) {
        return false;
    }
}

catalogue::Catalogue fresh_catalogue(const fs::path& path, const Units& units,
                                     const std::vector<catalogue::Kpi>& kpis) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(path.string() + suffix);
    }
    catalogue::Catalogue catalogue = catalogue::Catalogue::open(path);
    catalogue.replace_kpis(kpis);
    catalogue.replace_municipalities(units.municipalities);
    catalogue.replace_groups(catalogue::GroupKind::municipality_group, units.groups);
    catalogue.set_meta("data_source", "kolada");
    return catalogue;
}

// The curated key figures (plus partners) × the default units, every year.
void build_curated(const fs::path& path, const curated::IndicatorSet& set, const Units& units) {
    std::vector<catalogue::Kpi> kpis;
    int index = 0;
    for (const curated::CuratedKpi& curated : set.kpis) {
        kpis.push_back(make_kpi(curated.id, type_of(curated.level),
                                curated.breakdown == curated::Breakdown::values, index++));
    }
    catalogue::Catalogue catalogue = fresh_catalogue(path, units, kpis);
    ValueBatcher batcher(catalogue);
    std::mt19937 random(42);
    for (const catalogue::Kpi& kpi : kpis) {
        for (const auto& unit : default_units_for(kpi.municipality_type)) {
            add_series(batcher, random, kpi.id, unit, kFirstYear, kpi.is_divided_by_gender);
        }
    }
    const auto values = batcher.finish();
    catalogue.set_meta(kReadyMark, std::to_string(values));
    std::cout << "built " << path.string() << ": " << kpis.size() << " key figures, " << values
              << " values\n";
}

// What `sync --all-kpis` with the default units gives: 6 100 key figures, each with values for
// the default units of its type in 2016-2022, about 3.7 million values.
void build_large(const fs::path& path, const curated::IndicatorSet& set, const Units& units) {
    std::vector<catalogue::Kpi> kpis;
    int index = 0;
    for (const curated::CuratedKpi& curated : set.kpis) {
        kpis.push_back(make_kpi(curated.id, type_of(curated.level),
                                curated.breakdown == curated::Breakdown::values, index++));
    }
    const char* types[] = {"K", "K", "L", "A"};
    while (kpis.size() < 6100) {
        char id[16];
        std::snprintf(id, sizeof id, "B%05d", index);
        kpis.push_back(make_kpi(id, types[index % 4], index % 3 != 0, index));
        ++index;
    }
    catalogue::Catalogue catalogue = fresh_catalogue(path, units, kpis);
    ValueBatcher batcher(catalogue);
    std::mt19937 random(7);
    for (const catalogue::Kpi& kpi : kpis) {
        for (const auto& unit : default_units_for(kpi.municipality_type)) {
            // Some units stop reporting by sex: partial coverage, as in Kolada.
            const bool by_sex = kpi.is_divided_by_gender && (random() % 10 != 0);
            add_series(batcher, random, kpi.id, unit, 2016, by_sex);
        }
    }
    const auto values = batcher.finish();
    catalogue.set_meta(kReadyMark, std::to_string(values));
    std::cout << "built " << path.string() << ": " << kpis.size() << " key figures, " << values
              << " values\n";
}

// --- timing whole processes ---

double run_once(const Options& options, const std::vector<std::string>& args) {
    std::vector<std::string> argv_text{options.kolcat.string()};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_text) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    const auto start = Clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        std::cerr << "bench_compare: cannot run " << argv[0] << "\n";
        std::exit(1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    const auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    posix_spawn_file_actions_destroy(&actions);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::cerr << "bench_compare: kolcat failed (status " << status << ")\n";
        std::exit(1);
    }
    return elapsed;
}

void time_command(const Options& options, const std::string& label,
                  const std::vector<std::string>& args, double target_ms,
                  const std::function<void()>& before_each = {}) {
    run_once(options, args);  // warm-up: page cache, and the curated set stored once
    std::vector<double> times;
    for (int i = 0; i < options.runs; ++i) {
        if (before_each) {
            before_each();
        }
        times.push_back(run_once(options, args));
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    std::printf("%-44s median %7.1f ms  min %7.1f ms  target < %5.0f ms  %s\n", label.c_str(),
                median, times.front(), target_ms, median < target_ms ? "ok" : "MISSED");
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    fs::create_directories(options.work);
    const curated::IndicatorSet set = curated::load_indicators(KOLCAT_INDICATORS_DIR, std::nullopt);
    const Units units = make_units();
    const fs::path curated = options.work / "curated.sqlite";
    const fs::path large = options.work / "large.sqlite";
    if (options.rebuild || !is_ready(curated)) {
        build_curated(curated, set, units);
    }
    if (options.rebuild || !is_ready(large)) {
        build_large(large, set, units);
    }

    std::cout << "kolcat: " << options.kolcat.string() << ", " << options.runs << " runs each\n";
    for (const auto& [name, path] : {std::pair{"curated", curated}, std::pair{"large", large}}) {
        const std::string catalogue = path.string();
        time_command(options, std::string(name) + ": compare N00957",
                     {"compare", "N00957", "--catalogue", catalogue}, 50);
        time_command(options, std::string(name) + ": compare N00957 --format json",
                     {"compare", "N00957", "--format", "json", "--catalogue", catalogue}, 50);
        time_command(options, std::string(name) + ": compare --goal 2",
                     {"compare", "--goal", "2", "--catalogue", catalogue}, 150);
        time_command(options, std::string(name) + ": compare --goal 2 --within 0025",
                     {"compare", "--goal", "2", "--within", "0025", "--catalogue", catalogue}, 150);
        time_command(options, std::string(name) + ": gaps", {"gaps", "--catalogue", catalogue},
                     1000);
        time_command(options, std::string(name) + ": gaps --all",
                     {"gaps", "--all", "--catalogue", catalogue}, 1000);
        // The first `gaps --all` after a sync finds the stored totals stale and scans every
        // value (and stores fresh totals): what it costs when nothing has refreshed them.
        time_command(
            options, std::string(name) + ": gaps --all, stale summary",
            {"gaps", "--all", "--catalogue", catalogue}, 1000,
            [&] { catalogue::Catalogue::open(path).set_meta("breakdown_summary_stamp", "stale"); });
    }
    return 0;
}
