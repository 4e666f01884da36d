// The sync engine: one SyncSession per run, from the metadata to the last page of values.
// Longer than 400 lines: SyncSession's steps share its state (the run, the prefetcher's
// flag, the counts), which a split would have to expose in a header.

#include "sync/kolada/sync_engine.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "sync/http/interruption.hpp"
#include "sync/http/sync_error.hpp"
#include "sync/http/url.hpp"
#include "sync/kolada/change_check.hpp"
#include "sync/kolada/kolada_json.hpp"
#include "sync/kolada/page_continuity.hpp"
#include "sync/kolada/prefetcher.hpp"

namespace kolcat::sync {
namespace {

bool is_true(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.pop_back();
    }
    const auto start = text.find_first_not_of(" \t");
    text = start == std::string::npos ? "" : text.substr(start);
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text == "true" || text == "1" || text == "yes";
}

// Watches every answer for the demo server's mark, and reports it before the caller can store
// anything from that answer: demo data must never be stored under the label of Kolada's.
class DemoWatchingFetcher : public http::JsonFetcher {
  public:
    DemoWatchingFetcher(http::JsonFetcher& inner, std::function<void()> on_demo)
        : inner_(inner), on_demo_(std::move(on_demo)) {}

    nlohmann::json get_json(const std::string& url) override {
        auto body = inner_.get_json(url);
        watch();
        return body;
    }
    void get_body(const std::string& url, const BodyReader& read) override {
        inner_.get_body(url, read);
        watch();
    }
    std::int64_t requests() const override { return inner_.requests(); }
    std::int64_t bytes_received() const override { return inner_.bytes_received(); }
    std::optional<std::string> last_header(const std::string& name) const override {
        return inner_.last_header(name);
    }

  private:
    void watch() {
        if (!seen_) {
            if (const auto mark = inner_.last_header(demo_header); mark && is_true(*mark)) {
                seen_ = true;
                on_demo_();
            }
        }
    }

    http::JsonFetcher& inner_;
    std::function<void()> on_demo_;
    bool seen_ = false;
};

std::string normalized_api_url(const std::string& api_url) {
    std::string url = api_url;
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    try {
        const http::Url parsed = http::parse_url(url);
        if (parsed.query) {
            throw http::SyncError("the API URL must not have a query: " + api_url);
        }
    } catch (const http::UrlError& error) {
        throw http::SyncError(std::string("invalid API URL: ") + error.what());
    }
    return url;
}

// Kolada answers only what was asked. A value for another kpi, unit or year means a broken or
// hostile answer, and storing it would put data where no sync can ever correct it.
class SegmentFilter {
  public:
    // A list the request leaves open (a change check) admits every id.
    explicit SegmentFilter(const catalogue::SyncSegment& segment)
        : kpis_(segment.kpis.begin(), segment.kpis.end()),
          units_(segment.units.begin(), segment.units.end()),
          years_(segment.years.begin(), segment.years.end()),
          any_kpi_(segment.open == catalogue::OpenList::kpis),
          any_unit_(segment.open == catalogue::OpenList::units) {}

    // An open list's answer holds every id Kolada has of it: only the segment's (the scope's)
    // are stored. Named lists were checked already.
    void keep_listed(std::vector<catalogue::Value>& values) const {
        if (!any_kpi_ && !any_unit_) {
            return;
        }
        // Values come grouped by kpi: the last verdict answers most of them.
        // (A copy: erase_if moves the values it keeps.)
        std::optional<std::string> last_kpi;
        bool last_kpi_listed = false;
        std::erase_if(values, [&](const catalogue::Value& value) {
            if (any_kpi_ && last_kpi != value.kpi) {
                last_kpi = value.kpi;
                last_kpi_listed = kpis_.count(value.kpi) != 0;
            }
            return (any_kpi_ && !last_kpi_listed) ||
                   (any_unit_ && units_.count(value.municipality) == 0);
        });
    }

    void check(const std::vector<catalogue::Value>& values, const std::string& url) const {
        // Values come grouped by kpi and unit: the last ones found answer most lookups.
        const std::string* last_kpi = nullptr;
        const std::string* last_unit = nullptr;
        for (const auto& value : values) {
            const bool kpi_inside = any_kpi_ || (last_kpi != nullptr && *last_kpi == value.kpi) ||
                                    kpis_.count(value.kpi) != 0;
            const bool unit_inside = any_unit_ ||
                                     (last_unit != nullptr && *last_unit == value.municipality) ||
                                     units_.count(value.municipality) != 0;
            const bool inside =
                kpi_inside && unit_inside && (years_.empty() || years_.count(value.period) != 0);
            last_kpi = kpi_inside ? &value.kpi : nullptr;
            last_unit = unit_inside ? &value.municipality : nullptr;
            if (!inside) {
                throw http::SyncError("answer from " + url +
                                      " holds a value outside the request: " + value.kpi + " " +
                                      value.municipality + " " + std::to_string(value.period));
            }
        }
    }

  private:
    std::unordered_set<std::string> kpis_;
    std::unordered_set<std::string> units_;
    std::set<int> years_;
    bool any_kpi_ = false;
    bool any_unit_ = false;
};

// Sets a flag for a scope: the prefetcher declared after it has joined its thread when the
// flag drops.
class PrefetchingFlag {
  public:
    explicit PrefetchingFlag(bool& flag) : flag_(flag) { flag_ = true; }
    ~PrefetchingFlag() { flag_ = false; }
    PrefetchingFlag(const PrefetchingFlag&) = delete;
    PrefetchingFlag& operator=(const PrefetchingFlag&) = delete;

  private:
    bool& flag_;
};

// An unfinished run that a sync of `scope` continues: same scope and API, and full when this
// sync is (a full run also serves a plain request).
bool continues(const catalogue::SyncRun& unfinished, const catalogue::SyncScope& scope,
               const std::string& api_url, const SyncOptions& options) {
    return !options.restart && unfinished.scope == scope && unfinished.api_url == api_url &&
           (unfinished.full || !options.full);
}

// The scope's municipality groups and their members, from the stored metadata.
GroupMembers scope_group_members(const catalogue::Catalogue& catalogue,
                                 const catalogue::SyncScope& scope) {
    GroupMembers members;
    for (const auto& unit : scope.units) {
        if (!is_municipality_group_id(unit)) {
            continue;
        }
        auto& list = members[unit];
        if (const auto group = catalogue.group(catalogue::GroupKind::municipality_group, unit)) {
            for (const auto& member : group->members) {
                list.push_back(member.id);
            }
        }
    }
    return members;
}

// The years a change check names (change_check.hpp): the stored years and every key figure's
// publ_period bound the range.
std::vector<int> check_years(const catalogue::Catalogue& catalogue, int current_year) {
    const catalogue::CatalogueCounts counts = catalogue.counts();
    std::optional<int> latest = counts.last_period;
    for (const auto& kpi : catalogue.present_kpis()) {
        const auto& period = kpi.publ_period;
        if (period && period->size() >= 4) {
            int year = 0;
            bool digits = true;
            for (std::size_t i = 0; i < 4; ++i) {
                const char c = (*period)[i];
                digits = digits && c >= '0' && c <= '9';
                year = year * 10 + (c - '0');
            }
            if (digits) {
                latest = std::max(latest.value_or(year), year);
            }
        }
    }
    return change_check_years(counts.first_period, latest, current_year);
}

// What Kolada holds per the stored metadata, for the full fetches that may leave a list open
// (planner.hpp): every key figure, every unit, and the years such a request names.
OpenCover open_cover(const catalogue::Catalogue& catalogue, std::vector<int> years) {
    OpenCover cover;
    cover.kolada_kpis = catalogue.present_kpi_ids();
    for (auto& unit : catalogue.all_municipalities()) {
        cover.kolada_units.push_back(std::move(unit.id));
    }
    cover.years = std::move(years);
    return cover;
}

// A new run's segments: incremental from the stored dates with one change check per run, and
// never a pair the metadata rules out.
std::vector<catalogue::SyncSegment> plan_new_run(const catalogue::Catalogue& catalogue,
                                                 const catalogue::SyncScope& scope, bool full,
                                                 const std::string& today) {
    const catalogue::PairTypes types(catalogue, scope.kpis, scope.units);
    const std::vector<int> years = check_years(catalogue, std::stoi(today.substr(0, 4)));
    const OpenCover cover = open_cover(catalogue, years);
    if (full) {
        return plan_sync(scope, {}, true, today, types, cover);
    }
    return plan_incremental_sync(scope, catalogue.synced_dates(scope.kpis, scope.units), full,
                                 today, types, scope_group_members(catalogue, scope), years, cover);
}

// The items and floor of a scope: those of its full plan, whatever the run's plan was (an
// incremental one asks for changes only, and its checks may name units outside the scope). The
// plan that names both lists, over every year, counts exactly the scope's possible pairs; a
// plan with an open list covers the same pairs, so the floor does not depend on the layout.
PlanEstimate scope_floor(const catalogue::Catalogue& catalogue, const catalogue::SyncScope& scope,
                         const std::string& today, int per_page) {
    return estimate_plan(
        catalogue,
        plan_sync(scope, {}, true, today, catalogue::PairTypes(catalogue, scope.kpis, scope.units)),
        per_page);
}

// A segment read again this often without its pages holding still is taken as it is.
constexpr int max_segment_passes = 3;

class SyncSession {
  public:
    SyncSession(catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                const SyncOptions& options)
        : catalogue_(catalogue),
          fetcher_(fetcher, [this] { on_demo_answer(); }),
          options_(options),
          api_url_(normalized_api_url(options.api_url)),
          requests_at_start_(fetcher.requests()),
          bytes_at_start_(fetcher.bytes_received()) {}

    SyncReport run() {
        try {
            SyncReport report = run_steps();
            catalogue_.set_meta(catalogue::meta_last_sync_failure, "");
            return report;
        } catch (const std::exception& error) {
            record_failure(error.what());
            throw;
        }
    }

    // run_repair: the data phase of a sync over segments given by the caller, recorded as a
    // repair run so that no sync is resumed, abandoned or taken for the last one.
    SyncReport repair(std::vector<catalogue::SyncSegment> segments) {
        report_.started_at = format_utc_timestamp(now());
        label_data_source();
        catalogue::SyncRun run;
        run.kind = catalogue::RunKind::repair;
        run.started_at = report_.started_at;
        run.api_url = api_url_;
        run.full = true;
        std::set<std::string> kpis_seen;
        std::set<std::string> units_seen;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            catalogue::SyncSegment& segment = segments[i];
            segment.seq = static_cast<int>(i);
            segment.from_date.reset();
            segment.resume_url.reset();
            segment.done = false;
            for (const auto& kpi : segment.kpis) {
                if (kpis_seen.insert(kpi).second) {
                    run.scope.kpis.push_back(kpi);
                }
            }
            for (const auto& unit : segment.units) {
                if (units_seen.insert(unit).second) {
                    run.scope.units.push_back(unit);
                }
            }
        }
        run.segments = std::move(segments);
        run.requests = session_requests();
        run = catalogue_.begin_run(std::move(run));
        report_.run_id = run.id;
        report_.scope = run.scope;
        summarize_plan(run);
        try {
            fetch_segments(run);
            report_.finished_at = format_utc_timestamp(now());
            catalogue_.finish_run(run.id, catalogue::RunStatus::finished, report_.finished_at, {},
                                  std::nullopt, run_requests());
        } catch (const std::exception& error) {
            mark_failed(run.id, error.what());
            throw;
        }
        report_.requests = session_requests();
        report_.bytes = fetcher_.bytes_received() - bytes_at_start_;
        report_.data_source = catalogue_.meta(catalogue::meta_data_source).value_or("kolada");
        emit(SyncPhase::finished, {});
        return report_;
    }

  private:
    SyncReport run_steps() {
        report_.started_at = format_utc_timestamp(now());
        label_data_source();

        if (!options_.skip_metadata) {
            report_.metadata = sync_metadata(catalogue_, fetcher_, metadata_options());
            report_.metadata_requests = session_requests();
        } else if (!catalogue_.has_metadata()) {
            throw http::SyncError(
                "the catalogue has no metadata yet; run a sync that fetches it first");
        }
        catalogue_.set_meta(catalogue::meta_api_url, api_url_);

        const ResolvedScope resolved =
            resolve_scope(options_.scope, CatalogueScopeSource(catalogue_));
        report_.scope = resolved.scope;
        report_.missing_ids = resolved.missing_ids;

        catalogue::SyncRun run = begin_or_resume(resolved, report_.started_at);
        report_.run_id = run.id;
        prepare_checks(run);
        try {
            fetch_segments(run);
            refetch_changed_groups(run);
            report_.finished_at = format_utc_timestamp(now());
            catalogue_.finish_run(run.id, catalogue::RunStatus::finished, report_.finished_at,
                                  resolved.missing_ids, std::nullopt, run_requests());
        } catch (const std::exception& error) {
            mark_failed(run.id, error.what());
            throw;
        }
        catalogue_.set_meta(catalogue::meta_last_sync_at, report_.finished_at);
        report_.requests = session_requests();
        report_.bytes = fetcher_.bytes_received() - bytes_at_start_;
        // The run is done: the catalogue now holds Kolada's values for the scope.
        if (options_.count_floor) {
            report_.floor =
                scope_floor(catalogue_, run.scope, run.started_at.substr(0, 10), options_.per_page);
        }
        report_.data_source = catalogue_.meta(catalogue::meta_data_source).value_or("kolada");
        emit(SyncPhase::finished, {});
        return report_;
    }

    // A failure before the run was recorded (metadata, scope) leaves no run behind; this is
    // how `kolcat status` can still say what went wrong.
    void record_failure(const std::string& message) noexcept {
        try {
            catalogue_.set_meta(catalogue::meta_last_sync_failure,
                                format_utc_timestamp(now()) + " " + message);
        } catch (...) {
            // The catalogue cannot take even this (disk full): the original error matters more.
        }
    }

    std::chrono::system_clock::time_point now() const {
        return options_.now ? options_.now() : std::chrono::system_clock::now();
    }

    // Demo data is labelled before anything is stored, and the label sticks: once a catalogue
    // holds demo data, a later sync from Kolada does not make that data real.
    void label_data_source() {
        if (options_.demo_data) {
            mark_demo();
        } else if (!catalogue_.meta(catalogue::meta_data_source)) {
            catalogue_.set_meta(catalogue::meta_data_source, "kolada");
        }
    }
    void mark_demo() {
        if (catalogue_.meta(catalogue::meta_data_source) != "demo") {
            catalogue_.set_meta(catalogue::meta_data_source, "demo");
        }
    }
    // Called by the fetcher, on the thread that fetched the answer. Data pages are fetched on
    // the prefetcher's thread, which must not touch the catalogue: there the mark waits for
    // the committing thread, which applies it before it stores the page that carried it.
    void on_demo_answer() {
        if (prefetching_) {
            demo_pending_ = true;
        } else {
            mark_demo();
        }
    }

    MetadataSyncOptions metadata_options() {
        MetadataSyncOptions metadata;
        metadata.api_url = api_url_;
        metadata.per_page = options_.per_page;
        metadata.max_pages = options_.max_pages_per_request;
        metadata.on_page = [this](std::string_view endpoint) {
            emit(SyncPhase::metadata, std::string(endpoint));
        };
        return metadata;
    }

    catalogue::SyncRun begin_or_resume(const ResolvedScope& resolved,
                                       const std::string& started_at) {
        if (auto unfinished = catalogue_.unfinished_run()) {
            if (continues(*unfinished, resolved.scope, api_url_, options_)) {
                report_.resumed = true;
                run_requests_before_ = unfinished->requests;
                report_.started_at = unfinished->started_at;
                summarize_plan(*unfinished);
                return std::move(*unfinished);
            }
            catalogue_.finish_run(unfinished->id, catalogue::RunStatus::abandoned,
                                  format_utc_timestamp(now()), {},
                                  options_.restart ? "given up: the next sync was asked to restart"
                                                   : "given up for a sync with another scope",
                                  unfinished->requests);
            report_.abandoned_run_id = unfinished->id;
        }
        catalogue::SyncRun run;
        run.started_at = started_at;
        run.api_url = api_url_;
        run.scope = resolved.scope;
        run.full = options_.full;
        run.missing_ids = resolved.missing_ids;
        run.segments =
            plan_new_run(catalogue_, resolved.scope, options_.full, started_at.substr(0, 10));
        run.requests = session_requests();
        run = catalogue_.begin_run(std::move(run));
        summarize_plan(run);
        return run;
    }

    void summarize_plan(const catalogue::SyncRun& run) {
        report_.segments_total = run.segments.size();
        for (const auto& segment : run.segments) {
            report_.segments_already_done += segment.done ? 1 : 0;
            report_.segments_incremental += segment.from_date ? 1 : 0;
        }
        segments_done_ = report_.segments_already_done;
    }

    // What the change checks of a run (change_check.hpp) need while their pages are read: the
    // units whose values are stored, and the scope's groups of each member.
    void prepare_checks(const catalogue::SyncRun& run) {
        checks_seen_whole_ = true;
        bool any = false;
        for (const auto& segment : run.segments) {
            if (is_open_check(segment)) {
                any = true;
                checks_seen_whole_ = checks_seen_whole_ && !segment.done && !segment.resume_url;
            }
        }
        if (!any) {
            return;
        }
        for (const auto& unit : run.scope.units) {
            if (!is_municipality_group_id(unit)) {
                stored_units_.insert(unit);
            }
        }
        for (const auto& [group, members] : scope_group_members(catalogue_, run.scope)) {
            for (const auto& member : members) {
                member_groups_[member].push_back(group);
            }
        }
    }

    // After the change checks: the groups of the scope with a member whose value changed are
    // fetched whole, and the group pairs the checks found unchanged are recorded as synced, in
    // one transaction with the new segments, so that a kill after it resumes them. A run whose
    // checks were partly read by an earlier process does not know every change they held, and
    // fetches every group of the checked key figures. Segments after the last check mean an
    // earlier process of this run has done this already.
    void refetch_changed_groups(catalogue::SyncRun& run) {
        int last_check = -1;
        std::vector<std::string> checked;
        std::set<std::string> checked_seen;
        for (const auto& segment : run.segments) {
            if (is_open_check(segment)) {
                last_check = segment.seq;
                for (const auto& kpi : segment.kpis) {
                    if (checked_seen.insert(kpi).second) {
                        checked.push_back(kpi);
                    }
                }
            }
        }
        if (last_check < 0 || run.segments.back().seq != last_check) {
            return;
        }
        std::vector<std::string> groups;
        for (const auto& unit : run.scope.units) {
            if (is_municipality_group_id(unit)) {
                groups.push_back(unit);
            }
        }
        // (kpi, group) pairs fetched whole by this run already.
        std::set<std::pair<std::string, std::string>> fetched;
        for (const auto& segment : run.segments) {
            if (!is_open_check(segment) && !segment.from_date &&
                only_municipality_groups(segment.units)) {
                for (const auto& kpi : segment.kpis) {
                    for (const auto& group : segment.units) {
                        fetched.emplace(kpi, group);
                    }
                }
            }
        }
        std::vector<std::string> refetch_kpis;
        std::set<std::string> refetch_groups;
        for (const auto& kpi : checked) {
            const auto found = changed_groups_.find(kpi);
            if (!checks_seen_whole_ || found != changed_groups_.end()) {
                bool any = false;
                for (const auto& group : groups) {
                    if (fetched.count({kpi, group}) == 0 &&
                        (!checks_seen_whole_ || found->second.count(group) != 0)) {
                        refetch_groups.insert(group);
                        any = true;
                    }
                }
                if (any) {
                    refetch_kpis.push_back(kpi);
                }
            }
        }
        const catalogue::PairTypes types(catalogue_, checked, groups);
        std::vector<std::string> refetch_group_list;
        for (const auto& group : groups) {
            if (refetch_groups.count(group) != 0) {
                refetch_group_list.push_back(group);
            }
        }
        auto segments = refetch_kpis.empty()
                            ? std::vector<catalogue::SyncSegment>{}
                            : plan_group_refetch(refetch_kpis, refetch_group_list, run.scope.years,
                                                 types, run.started_at.substr(0, 10),
                                                 static_cast<int>(run.segments.size()));
        for (const auto& segment : segments) {
            for (const auto& kpi : segment.kpis) {
                for (const auto& group : segment.units) {
                    fetched.emplace(kpi, group);
                }
            }
        }
        // A date vouches for every year: a scope limited to some years records none.
        std::vector<std::pair<std::string, std::string>> vouched;
        if (checks_seen_whole_ && run.scope.years.empty()) {
            for (const auto& kpi : checked) {
                for (const auto& group : groups) {
                    if (types.can_hold_value(kpi, group) && fetched.count({kpi, group}) == 0) {
                        vouched.emplace_back(kpi, group);
                    }
                }
            }
        }
        if (segments.empty() && vouched.empty()) {
            return;
        }
        catalogue_.extend_run(run.id, segments, vouched);
        const std::size_t first = run.segments.size();
        run.segments.insert(run.segments.end(), segments.begin(), segments.end());
        report_.segments_total = run.segments.size();
        fetch_segments(run, first);
    }

    // A data page read ahead by the prefetcher's thread.
    struct DataPage {
        int seq = 0;  // its segment
        FetchedPage<catalogue::Value> page;
        std::int64_t fetcher_requests = 0;  // the fetcher's count once the page was read
        bool change_check = false;          // the check after a full segment of several pages
    };

    // The pages are fetched, parsed and checked on a thread of their own, one page ahead of the
    // commits, which stay on this thread in the order of the plan. A page still lands whole
    // with its resume point, and a failure to read a page is raised after every page before it
    // has been committed, as when both ran on one thread.
    void fetch_segments(const catalogue::SyncRun& run, std::size_t first = 0) {
        // The pace is measured from here: the metadata sync says nothing about data pages.
        eta_.emplace(now(), segments_done_, report_.segments_total);
        emit(SyncPhase::data, {});
        last_fetcher_requests_ = fetcher_.requests();
        const PrefetchingFlag flag(prefetching_);
        Prefetcher<DataPage> pages([this, &run, first](const Prefetcher<DataPage>::Push& push) {
            read_pages(run, first, push);
        });
        while (auto data = pages.next()) {
            // Between two commits: the page before has landed whole, this one not begun.
            http::throw_if_interrupted();
            commit(run.id, *data);
        }
    }

    // On the prefetcher's thread: uses the fetcher, never the catalogue.
    void read_pages(const catalogue::SyncRun& run, std::size_t first,
                    const Prefetcher<DataPage>::Push& push) {
        for (std::size_t i = first; i < run.segments.size(); ++i) {
            const catalogue::SyncSegment& segment = run.segments[i];
            if (segment.done) {
                continue;
            }
            if (is_open_check(segment)) {
                read_open_check(segment, push);
            } else {
                read_segment(run, segment, push);
            }
        }
    }

    // A change check's pages: the changes of the scope's pairs are stored as they come, and
    // the groups whose members changed are noted for refetch_changed_groups. A from_date
    // answer never shrinks, so its pages need no closing check (change_check.hpp).
    void read_open_check(const catalogue::SyncSegment& segment,
                         const Prefetcher<DataPage>::Push& push) {
        const SegmentFilter filter(segment);
        const std::unordered_set<std::string> kpis(segment.kpis.begin(), segment.kpis.end());
        std::unordered_set<std::string> units;
        for (const auto& unit : segment.units) {
            if (stored_units_.count(unit) != 0) {
                units.insert(unit);
            }
        }
        Pager pager(fetcher_,
                    segment.resume_url.value_or(segment_url(api_url_, segment, options_.per_page)),
                    api_url_, options_.max_pages_per_request);
        while (auto page = pager.next(&parse_value_text)) {
            filter.check(page->items, page->url);
            std::vector<catalogue::Value> stored;
            for (catalogue::Value& value : page->items) {
                if (kpis.count(value.kpi) == 0) {
                    continue;
                }
                if (const auto groups = member_groups_.find(value.municipality);
                    groups != member_groups_.end()) {
                    changed_groups_[value.kpi].insert(groups->second.begin(), groups->second.end());
                }
                if (units.count(value.municipality) != 0) {
                    stored.push_back(std::move(value));
                }
            }
            page->items = std::move(stored);
            push(DataPage{segment.seq, std::move(*page), fetcher_.requests()});
        }
    }

    // Kolada pages by offset. When an item is deleted from a page the client has already read,
    // every later item moves up one place, and the item that opened the next page is never
    // seen. An incremental answer does not shrink (a deletion stays in it, as isdeleted) and a
    // value added or changed meanwhile is caught by the next sync's from_date, but an item
    // lost this way is unchanged: no later incremental sync would fetch it, and a full fetch
    // would even sweep the stored copy away. So the pages of a full fetch overlap, and each
    // must begin with an item the page before held (overlapping_pages.hpp, page_continuity.hpp).
    // When one does not, or the pass began in an earlier process, the segment ends with one
    // more request, its closing check, for the segment's changes since the run began: if a
    // value this pass read was deleted since, the pages may have shifted and the segment is
    // read again (the pass after that no longer sees the deleted value). Until that check has
    // passed, the segment's resume point is the check's URL, so a killed sync still makes it.
    // A segment of municipality groups has no such check: Kolada's change feed holds no group
    // cell, so it could never see a shift, and the request would be wasted. A group cell that
    // vanishes while its segment is paged (its last member value deleted) can shift the next
    // one out of sight, and the sweep then drops it until the next sync, whose change check
    // sees that member value's deletion and fetches the group whole again (change_check.hpp).
    // A full segment that leaves a list open (planner.hpp) is read the same way: its check
    // leaves the same list open, a shift is judged on every item the answers held, and only the
    // scope's ids are stored (SegmentFilter::keep_listed).
    void read_segment(const catalogue::SyncRun& run, const catalogue::SyncSegment& segment,
                      const Prefetcher<DataPage>::Push& push) {
        const std::string first_url = segment_url(api_url_, segment, options_.per_page);
        std::optional<std::string> check_url;
        if (!segment.from_date && !only_municipality_groups(segment.units)) {
            catalogue::SyncSegment changes = segment;
            changes.from_date = day_before(run.started_at.substr(0, 10));
            changes.resume_url.reset();
            check_url = segment_url(api_url_, changes, options_.per_page);
        }
        const SegmentFilter filter(segment);
        std::string url = segment.resume_url.value_or(first_url);
        // A pass that began in an earlier process: what it read is not known here.
        bool pass_complete = !segment.resume_url;
        for (int pass = 1;; ++pass) {
            const bool checking = check_url && is_change_check(segment, url);
            if (!checking) {
                if (read_pass(segment, url, filter, check_url, pass_complete, push)) {
                    return;  // a single page: nothing could shift
                }
            }
            // The changes are stored either way: they are newer than what the pass read.
            ChangeCheck check = check_changes(*check_url, filter, pass_complete);
            const bool again = check.shifted && pass < max_segment_passes;
            push(DataPage{
                segment.seq,
                FetchedPage<catalogue::Value>{*check_url, std::move(check.changes),
                                              again ? std::optional(first_url) : std::nullopt},
                fetcher_.requests(), true});
            if (!again) {
                return;
            }
            url = first_url;
            pass_complete = true;
        }
    }

    // The change check's URL is the only resume point of a full segment with a from_date.
    static bool is_change_check(const catalogue::SyncSegment& segment, const std::string& url) {
        return !segment.from_date && url.find("from_date=") != std::string::npos;
    }

    // Reads the pages of one pass from `url` on. Returns true when the segment is done; false
    // when its last page was pushed with the change check as its resume point.
    bool read_pass(const catalogue::SyncSegment& segment, const std::string& url,
                   const SegmentFilter& filter, const std::optional<std::string>& check_url,
                   bool from_first_page, const Prefetcher<DataPage>::Push& push) {
        read_cells_.clear();
        Pager pager(fetcher_, url, api_url_, options_.max_pages_per_request);
        PageContinuity continuity;
        // Whether every page so far was joined to the one before; a pass begun in an earlier
        // process never is (the pages before are not known here).
        bool joined = from_first_page;
        if (check_url) {
            pager.overlap_pages();
        }
        while (auto page = pager.next(&parse_value_text)) {
            filter.check(page->items, page->url);
            if (check_url) {
                joined = continuity.join(page->items, pager.last_page_overlaps()) && joined;
                for (const catalogue::Value& value : page->items) {
                    read_cells_.push_back(cell_hash(value));
                }
            }
            filter.keep_listed(page->items);
            const bool last = !page->next_url;
            if (last && check_url && !joined) {
                page->next_url = check_url;
                push(DataPage{segment.seq, std::move(*page), fetcher_.requests()});
                return false;
            }
            push(DataPage{segment.seq, std::move(*page), fetcher_.requests()});
        }
        return true;
    }

    struct ChangeCheck {
        std::vector<catalogue::Value> changes;  // the segment's changes since the run began
        bool shifted = false;                   // one of them deletes a value the last pass read
    };

    // Fetches the segment's changes since the run began. They shift the pages when one deletes
    // a value the last pass read (or any value, when the pass began in another process).
    ChangeCheck check_changes(const std::string& check_url, const SegmentFilter& filter,
                              bool pass_complete) {
        ChangeCheck check;
        std::sort(read_cells_.begin(), read_cells_.end());
        Pager pager(fetcher_, check_url, api_url_, options_.max_pages_per_request);
        while (auto page = pager.next(&parse_value_text)) {
            filter.check(page->items, page->url);
            for (catalogue::Value& value : page->items) {
                check.shifted =
                    check.shifted ||
                    (value.is_deleted &&
                     (!pass_complete || std::binary_search(read_cells_.begin(), read_cells_.end(),
                                                           cell_hash(value))));
                check.changes.push_back(std::move(value));
            }
        }
        filter.keep_listed(check.changes);
        return check;
    }

    // FNV-1a over the cell's key: a collision only costs a needless second pass.
    static std::uint64_t cell_hash(const catalogue::Value& value) {
        std::uint64_t hash = 14695981039346656037ULL;
        const auto mix = [&hash](std::string_view bytes) {
            for (const char c : bytes) {
                hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
            }
            hash = (hash ^ 0xffU) * 1099511628211ULL;
        };
        mix(value.kpi);
        mix(value.municipality);
        const int gender = static_cast<int>(value.gender);
        hash = (hash ^ static_cast<std::uint64_t>(static_cast<std::uint32_t>(value.period))) *
               1099511628211ULL;
        return (hash ^ static_cast<std::uint64_t>(gender)) * 1099511628211ULL;
    }

    void commit(std::int64_t run_id, const DataPage& data) {
        last_fetcher_requests_ = data.fetcher_requests;
        if (demo_pending_.exchange(false)) {
            mark_demo();
        }
        const FetchedPage<catalogue::Value>& page = data.page;
        catalogue_.commit_page(run_id, data.seq, page.items, page.next_url, run_requests());
        report_.pages += data.change_check ? 0 : 1;
        report_.values_received += static_cast<std::int64_t>(page.items.size());
        if (!page.next_url) {
            ++segments_done_;
            ++report_.segments_fetched;
        }
        emit(SyncPhase::data, {});
    }

    void mark_failed(std::int64_t run_id, const std::string& message) noexcept {
        try {
            catalogue_.finish_run(run_id, catalogue::RunStatus::failed, format_utc_timestamp(now()),
                                  report_.missing_ids, message, run_requests());
        } catch (...) {
            // The original error matters more; the run stays "running" and is resumed anyway.
        }
    }

    void emit(SyncPhase phase, std::string detail) {
        if (!options_.progress) {
            return;
        }
        SyncProgress progress;
        progress.phase = phase;
        progress.detail = std::move(detail);
        progress.requests = session_requests();
        progress.values = report_.values_received;
        progress.pages = report_.pages;
        progress.segments_done = segments_done_;
        progress.segments_total = report_.segments_total;
        if (eta_) {
            progress.eta_seconds = eta_->seconds_left(now(), segments_done_);
        }
        options_.progress(progress);
    }

    // While pages are read ahead, the fetcher belongs to the prefetcher's thread: the count is
    // the one the last page brought along.
    std::int64_t fetcher_requests() const {
        return prefetching_ ? last_fetcher_requests_ : fetcher_.requests();
    }
    std::int64_t session_requests() const { return fetcher_requests() - requests_at_start_; }
    std::int64_t run_requests() const { return run_requests_before_ + session_requests(); }

    catalogue::Catalogue& catalogue_;
    DemoWatchingFetcher fetcher_;
    const SyncOptions& options_;
    std::string api_url_;
    std::int64_t requests_at_start_;
    std::int64_t bytes_at_start_;
    std::int64_t run_requests_before_ = 0;
    std::size_t segments_done_ = 0;
    std::optional<EtaEstimator> eta_;
    SyncReport report_;
    // Set while the prefetcher's thread reads data pages (before it starts, after it ends).
    bool prefetching_ = false;
    std::int64_t last_fetcher_requests_ = 0;
    std::atomic<bool> demo_pending_{false};  // set on the prefetcher's thread
    // The cells the current pass of a full segment has read (prefetcher's thread only).
    // A sorted vector, not a hash set: an open segment reads up to a million cells.
    std::vector<std::uint64_t> read_cells_;
    // The change checks' state (prepare_checks): the units stored, each member's groups in the
    // scope, the groups a check saw a member of change, per key figure (written on the
    // prefetcher's thread, read after it has joined), and whether this process reads every
    // check from its first page.
    std::unordered_set<std::string> stored_units_;
    std::unordered_map<std::string, std::vector<std::string>> member_groups_;
    std::map<std::string, std::set<std::string>> changed_groups_;
    bool checks_seen_whole_ = true;
};

}  // namespace

SyncReport run_sync(catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                    const SyncOptions& options) {
    return SyncSession(catalogue, fetcher, options).run();
}

SyncReport run_repair(catalogue::Catalogue& catalogue, http::JsonFetcher& fetcher,
                      const SyncOptions& options, std::vector<catalogue::SyncSegment> segments) {
    return SyncSession(catalogue, fetcher, options).repair(std::move(segments));
}

SyncPreview preview_sync(const catalogue::Catalogue& catalogue, const SyncOptions& options) {
    if (!catalogue.has_metadata()) {
        throw http::SyncError(
            "the catalogue has no metadata yet, so a dry run cannot plan; run a sync first");
    }
    const std::string api_url = normalized_api_url(options.api_url);
    const ResolvedScope resolved = resolve_scope(options.scope, CatalogueScopeSource(catalogue));
    SyncPreview preview;
    preview.scope = resolved.scope;
    preview.missing_ids = resolved.missing_ids;
    const auto unfinished = catalogue.unfinished_run();
    if (unfinished && continues(*unfinished, resolved.scope, api_url, options)) {
        preview.resumed_run_id = unfinished->id;
        preview.segments = unfinished->segments;
    } else {
        const auto now = options.now ? options.now() : std::chrono::system_clock::now();
        preview.segments = plan_new_run(catalogue, resolved.scope, options.full,
                                        format_utc_timestamp(now).substr(0, 10));
    }
    preview.estimate = estimate_plan(catalogue, preview.segments, options.per_page);
    const auto now = options.now ? options.now() : std::chrono::system_clock::now();
    const PlanEstimate full = scope_floor(
        catalogue, resolved.scope, format_utc_timestamp(now).substr(0, 10), options.per_page);
    preview.estimate.items = full.items;
    preview.estimate.floor = full.floor;
    if (!options.skip_metadata) {
        const auto pages = [&](std::size_t entries) {
            return std::max<std::int64_t>(
                1, pages_for(static_cast<std::int64_t>(entries), options.per_page));
        };
        preview.metadata_requests =
            pages(catalogue.all_municipalities().size()) +
            pages(catalogue.all_groups(catalogue::GroupKind::municipality_group).size()) +
            pages(catalogue.present_kpi_ids().size()) +
            pages(catalogue.all_groups(catalogue::GroupKind::kpi_group).size());
    }
    return preview;
}

std::string format_utc_timestamp(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    const auto seconds = floor<std::chrono::seconds>(time);
    const auto day = floor<days>(seconds);
    const year_month_day date{day};
    const hh_mm_ss clock{seconds - day};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return buffer;
}

}  // namespace kolcat::sync
