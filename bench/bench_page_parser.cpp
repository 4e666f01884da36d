// bench_page_parser: the readers of a full data page (5 000 items of T, K and M, as Kolada and
// the fake server send them), in this process, one after another.
//
//   bench_page_parser [--runs N]
//
//   nesting    the fetcher's nesting check alone (json_nesting_exceeds), run before the reader;
//   plain      parse_value_text's quick reader (value_page_plain_reader.hpp): numbers through
//              std::from_chars, checks included; what a sync uses for Kolada's pages;
//   sax        the full reader (nlohmann's SAX interface, strtod), checks included; what a sync
//              uses for any other page;
//   document   nlohmann::json::parse, then parse_value_page, checks included;
//   simdjson+  simdjson's On Demand API filling the plain reader's records, checks included: what
//              a simdjson reader in the sync would cost (when built with libsimdjson-dev);
//   simdjson   simdjson walking the same page into Values without any check: a bound.
// Prints the median CPU time per page (this thread's: the machine may be shared) and values per
// CPU second of each (default 30 runs).

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalogue/value.hpp"
#include "sync/http/http_json_fetcher.hpp"
#include "sync/kolada/kolada_json.hpp"
#include "sync/kolada/value_page_builder.hpp"

#ifdef KOLCAT_BENCH_SIMDJSON
#include <simdjson.h>
#endif

namespace {

using namespace kolcat;

// 5 000 items of 3 gender entries: 50 key figures x 50 units x 2 years, values with up to
// two decimals, as the fake server renders them (minified).
std::string full_page() {
    std::string text = R"({"values":[)";
    int item = 0;
    for (int kpi = 0; kpi < 50; ++kpi) {
        for (int unit = 0; unit < 50; ++unit) {
            for (int period = 2023; period <= 2024; ++period) {
                if (item++ > 0) {
                    text += ',';
                }
                char buffer[512];
                const double base = (kpi * 131 + unit * 17 + period) % 1000 / 7.0;
                std::snprintf(buffer, sizeof buffer,
                              R"({"kpi":"N%05d","municipality":"%04d","period":%d,"values":[)"
                              R"({"gender":"T","count":1,"status":"","value":%.2f},)"
                              R"({"gender":"K","count":1,"status":"","value":%.2f},)"
                              R"({"gender":"M","count":1,"status":"","value":%.2f}]})",
                              10000 + kpi, 1000 + unit, period, base, base * 1.1, base * 0.9);
                text += buffer;
            }
        }
    }
    text += R"(],"count":5000,"next_url":"http://127.0.0.1:8080/v3/data/kpi/N1/year/2024?page=2",)"
            R"("previous_url":null})";
    return text;
}

#ifdef KOLCAT_BENCH_SIMDJSON
std::size_t simdjson_values(simdjson::ondemand::parser& parser,
                            const simdjson::padded_string& text) {
    std::vector<catalogue::Value> values;
    values.reserve(15'000);
    auto document = parser.iterate(text);
    for (auto item : document["values"].get_array()) {
        catalogue::Value value;
        for (auto field : item.get_object()) {
            const std::string_view key = field.unescaped_key().value();
            if (key == "kpi") {
                value.kpi = std::string_view(field.value().get_string().value());
            } else if (key == "municipality") {
                value.municipality = std::string_view(field.value().get_string().value());
            } else if (key == "period") {
                value.period = static_cast<int>(field.value().get_int64().value());
            } else if (key == "values") {
                for (auto entry : field.value().get_array()) {
                    catalogue::Value gendered = value;
                    for (auto entry_field : entry.get_object()) {
                        const std::string_view entry_key = entry_field.unescaped_key().value();
                        auto content = entry_field.value();
                        if (entry_key == "gender") {
                            gendered.gender =
                                *catalogue::parse_gender(std::string(content.get_string().value()));
                        } else if (entry_key == "count") {
                            gendered.count = static_cast<int>(content.get_int64().value());
                        } else if (entry_key == "status") {
                            gendered.status = std::string_view(content.get_string().value());
                        } else if (entry_key == "value") {
                            gendered.value = content.get_double().value();
                        }
                    }
                    values.push_back(std::move(gendered));
                }
            }
        }
    }
    return values.size();
}

// A simdjson reader as a sync would need it: the same per-item records and checks as the
// plain reader (value_page_builder.hpp), only the text read by simdjson.
void assign(sync::value_page::Field& field, simdjson::ondemand::value value) {
    using Kind = sync::value_page::Field::Kind;
    switch (value.type().value()) {
        case simdjson::ondemand::json_type::string:
            field.kind = Kind::string;
            field.text.assign(std::string_view(value.get_string().value()));
            break;
        case simdjson::ondemand::json_type::number:
            switch (value.get_number_type().value()) {
                case simdjson::ondemand::number_type::signed_integer:
                    field.kind = Kind::integer;
                    field.integer = value.get_int64().value();
                    break;
                case simdjson::ondemand::number_type::unsigned_integer:
                    field.kind = Kind::unsigned_integer;
                    field.unsigned_integer = value.get_uint64().value();
                    break;
                default:
                    field.kind = Kind::floating;
                    field.floating = value.get_double().value();
                    break;
            }
            break;
        case simdjson::ondemand::json_type::boolean:
            field.kind = Kind::boolean;
            field.boolean = value.get_bool().value();
            break;
        case simdjson::ondemand::json_type::null:
            field.kind = Kind::null;
            break;
        default:
            field.kind = Kind::object;
            break;
    }
}

std::size_t simdjson_checked(simdjson::ondemand::parser& parser,
                             const simdjson::padded_string& text) {
    sync::value_page::PageBuilder builder;
    builder.reserve(15'000);
    sync::value_page::Field count;
    sync::value_page::Field next_url;
    std::size_t items = 0;
    auto document = parser.iterate(text);
    for (auto envelope_field : document.get_object()) {
        const std::string_view key = envelope_field.unescaped_key().value();
        if (key == "values") {
            for (auto element : envelope_field.value().get_array()) {
                auto& item = builder.begin_item(items++);
                for (auto field : element.get_object()) {
                    auto* target = item.field(field.unescaped_key().value());
                    if (target == nullptr) {
                        continue;
                    }
                    if (target != &item.values) {
                        assign(*target, field.value());
                        continue;
                    }
                    item.values.kind = sync::value_page::Field::Kind::array;
                    for (auto entry : field.value().get_array()) {
                        auto& fields = item.add_entry(true);
                        for (auto entry_field : entry.get_object()) {
                            if (auto* slot = fields.field(entry_field.unescaped_key().value())) {
                                assign(*slot, entry_field.value());
                            }
                        }
                    }
                }
                builder.end_item();
            }
        } else if (key == "count") {
            assign(count, envelope_field.value());
        } else if (key == "next_url") {
            assign(next_url, envelope_field.value());
        }
    }
    const nlohmann::json body = nlohmann::json::object();
    const nlohmann::json values = nlohmann::json::array();
    const nlohmann::json count_json = count.to_json();
    const nlohmann::json next_json = next_url.to_json();
    sync::kolada_checks::EnvelopeFields envelope;
    envelope.body = &body;
    envelope.values = &values;
    envelope.item_count = items;
    envelope.count = &count_json;
    envelope.next_url = &next_json;
    return builder.finish(envelope).items.size();
}
#endif

// This thread's CPU time: on a shared machine, wall time says more about the other processes.
double thread_cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double median_ms(int runs, const std::function<std::size_t()>& parse, std::size_t& values) {
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
        const double started = thread_cpu_ms();
        values = parse();
        times.push_back(thread_cpu_ms() - started);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

void report(const char* name, int runs, const std::function<std::size_t()>& parse) {
    std::size_t values = 0;
    parse();  // warm up
    const double ms = median_ms(runs, parse, values);
    std::printf("  %-9s %7.2f ms of CPU a page, %5.1f M values per CPU second\n", name, ms,
                static_cast<double>(values) / ms / 1000.0);
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 30;
    if (argc == 3 && std::string(argv[1]) == "--runs") {
        runs = std::max(1, std::atoi(argv[2]));
    } else if (argc != 1) {
        std::fprintf(stderr, "usage: bench_page_parser [--runs N]\n");
        return 2;
    }
    const std::string text = full_page();
    std::printf("a page of %zu bytes, 15 000 values; median of %d runs\n", text.size(), runs);
    report("nesting", runs, [&] {
        return static_cast<std::size_t>(http::json_nesting_exceeds(text, 64) ? 0 : 15'000);
    });
    report("plain", runs, [&] { return sync::parse_value_text(text).items.size(); });
    report("sax", runs, [&] { return sync::value_page::read_page_with_sax(text).items.size(); });
    report("document", runs,
           [&] { return sync::parse_value_page(nlohmann::json::parse(text)).items.size(); });
#ifdef KOLCAT_BENCH_SIMDJSON
    simdjson::ondemand::parser parser;
    const simdjson::padded_string padded(text);
    report("simdjson+", runs, [&] { return simdjson_checked(parser, padded); });
    report("simdjson", runs, [&] { return simdjson_values(parser, padded); });
#else
    std::printf("  simdjson  not built (no libsimdjson-dev)\n");
#endif
    return 0;
}
