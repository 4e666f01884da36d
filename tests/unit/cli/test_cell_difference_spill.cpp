// verify's differences on disk: each one comes back exactly as it went in, the runs come back
// merged as one stable sort of all of them would order them, and no file is left behind.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "cli/cell_difference_record.hpp"
#include "cli/cell_difference_spill.hpp"
#include "cli/output/output.hpp"
#include "cli/temp_file.hpp"
#include "tests/support/temp_folder.hpp"

namespace kolcat::cli {
namespace {

namespace fs = std::filesystem;
using catalogue::Gender;
using catalogue::StoredValue;
using sync::CellDifference;
using sync::DifferenceKind;

CellDifference difference(std::string kpi, std::string unit, int period, Gender gender,
                          std::string tag) {
    CellDifference d;
    d.kind = DifferenceKind::changed;
    d.kpi = std::move(kpi);
    d.unit = std::move(unit);
    d.period = period;
    d.gender = gender;
    // The tag names the difference (which run, which place in it) in the output.
    d.stored = StoredValue{1.5, 3, std::move(tag)};
    d.kolada = StoredValue{2.5, 3, ""};
    d.value_differs = true;
    return d;
}

std::string tag_of(const CellDifference& d) {
    return d.stored ? d.stored->status : "?";
}

std::vector<std::string> tags_in_spill_order(const CellDifferenceSpill& spill) {
    std::vector<std::string> tags;
    spill.for_each([&tags](const CellDifference& d) { tags.push_back(tag_of(d)); });
    return tags;
}

bool same(const CellDifference& a, const CellDifference& b) {
    const auto same_content = [](const std::optional<StoredValue>& x,
                                 const std::optional<StoredValue>& y) {
        if (x.has_value() != y.has_value()) {
            return false;
        }
        if (!x) {
            return true;
        }
        // Bit for bit: -0.0 stays -0.0.
        const bool same_value = x->value.has_value() == y->value.has_value() &&
                                (!x->value || (*x->value == *y->value &&
                                               std::signbit(*x->value) == std::signbit(*y->value)));
        return same_value && x->count == y->count && x->status == y->status;
    };
    return a.kind == b.kind && a.kpi == b.kpi && a.unit == b.unit && a.period == b.period &&
           a.gender == b.gender && a.value_differs == b.value_differs &&
           a.count_differs == b.count_differs && a.status_differs == b.status_differs &&
           same_content(a.stored, b.stored) && same_content(a.kolada, b.kolada);
}

// The order the spill must give, worked out here: `kolcat values`' order of the cells, the
// order they were added between equal ones.
bool sorts_before(const CellDifference& a, const CellDifference& b) {
    return std::tie(a.kpi, a.unit, a.period, a.gender) <
           std::tie(b.kpi, b.unit, b.period, b.gender);
}
std::vector<std::string> stable_sorted_tags(std::vector<CellDifference> differences) {
    std::stable_sort(differences.begin(), differences.end(), sorts_before);
    std::vector<std::string> tags;
    for (const auto& d : differences) {
        tags.push_back(tag_of(d));
    }
    return tags;
}

std::size_t entries_in(const fs::path& folder) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("spill: a difference comes back exactly, every field, whichever are present") {
    std::vector<CellDifference> cases;
    CellDifference changed = difference("N00945", "G33632", 2024, Gender::M, "Ä, \"x\"\n");
    changed.stored = StoredValue{0.1 + 0.2, std::nullopt, "Ä, \"x\"\n"};
    changed.kolada = StoredValue{-0.0, 2'000'000'000, std::string("a\0b", 3)};
    changed.count_differs = true;
    changed.status_differs = true;
    cases.push_back(changed);
    CellDifference missing = difference("N1", "0025", -5, Gender::K, "");
    missing.kind = DifferenceKind::missing_locally;
    missing.stored.reset();
    missing.kolada = StoredValue{std::nullopt, std::nullopt, "SUPPRESSED"};
    missing.value_differs = false;
    cases.push_back(missing);
    CellDifference extra = difference("", std::string(70'000, 'u'), 0, Gender::T, "");
    extra.kind = DifferenceKind::extra_locally;
    extra.stored = StoredValue{std::numeric_limits<double>::max(), -1, ""};
    extra.kolada.reset();
    extra.value_differs = false;
    cases.push_back(extra);

    std::string bytes;
    for (const auto& d : cases) {
        append_record(d, bytes);
    }
    // Read back into one difference, as the merge does: nothing of the one before remains.
    CellDifference back = difference("stale", "stale", 1, Gender::M, "stale");
    std::size_t at = 0;
    for (const auto& d : cases) {
        REQUIRE(at + record_length_bytes <= bytes.size());
        const std::size_t length = payload_length(bytes.data() + at);
        at += record_length_bytes;
        read_record(std::string_view(bytes).substr(at, length), back);
        at += length;
        CHECK(same(back, d));
    }
    CHECK(at == bytes.size());

    // A payload cut short, or one with bytes to spare, is refused rather than misread.
    std::string one;
    append_record(changed, one);
    const std::string_view payload = std::string_view(one).substr(record_length_bytes);
    CHECK_THROWS(read_record(payload.substr(0, payload.size() - 1), back));
    CHECK_THROWS(read_record(std::string(payload) + "x", back));
}

TEST_CASE("spill: runs come back merged in the order of one stable sort of all of them") {
    const testing::TempFolder folder("spill");
    // Few distinct keys over many differences: equal keys within a run and across runs, every
    // run holding keys that sort between those of the others.
    const std::vector<std::string> kpis = {"N00002", "N00010", "N0001"};
    const std::vector<std::string> units = {"0025", "G1", "0180"};
    const std::vector<Gender> genders = {Gender::T, Gender::K, Gender::M};
    std::mt19937 random(20261205);
    const auto pick = [&random](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };

    CellDifferenceSpill spill(folder.path());
    std::vector<CellDifference> all;  // in the order added
    for (int run = 0; run < 7; ++run) {
        std::vector<CellDifference> differences;
        const std::size_t size = run == 3 ? 0 : 1 + pick(400);  // one segment without any
        for (std::size_t i = 0; i < size; ++i) {
            // Not in key order: the spill may not rely on its callers' order.
            differences.push_back(difference(kpis[pick(kpis.size())], units[pick(units.size())],
                                             2020 + static_cast<int>(pick(3)),
                                             genders[pick(genders.size())],
                                             std::to_string(run) + "." + std::to_string(i)));
        }
        all.insert(all.end(), differences.begin(), differences.end());
        spill.add_run(differences);
    }
    CHECK(spill.size() == all.size());

    const std::vector<std::string> expected = stable_sorted_tags(all);
    const auto merged = tags_in_spill_order(spill);
    CHECK(merged == expected);
    // A table reads the spill twice: the second pass gives the same.
    CHECK(tags_in_spill_order(spill) == merged);
    // Every field survives the file, not only the tags.
    std::vector<CellDifference> sorted = all;
    std::stable_sort(sorted.begin(), sorted.end(), sorts_before);
    std::size_t i = 0;
    spill.for_each([&](const CellDifference& d) {
        CHECK(same(d, sorted[i]));
        ++i;
    });
    CHECK(i == sorted.size());

    // The file is nowhere to be seen, while the spill lives and after.
    CHECK(entries_in(folder.path()) == 0);
}

TEST_CASE("spill: thousands of runs, each read a little at a time, records longer than that") {
    const testing::TempFolder folder("spill-many");
    CellDifferenceSpill spill(folder.path());
    // 9 000 runs leave each run the smallest read (512 bytes); every fifth run's records are
    // longer than that. Each run's key figure is its own (7 919 is prime to 9 000), in an
    // order unlike the runs'.
    const int runs = 9000;
    std::vector<CellDifference> all;
    for (int run = 0; run < runs; ++run) {
        const std::string kpi = "N" + std::to_string(100000 + (run * 7919) % runs);
        const std::string tag = std::to_string(run) + (run % 5 == 0 ? std::string(3000, 'x') : "");
        std::vector<CellDifference> differences = {
            difference(kpi, "0180", 2024, Gender::K, tag + "K"),
            difference(kpi, "0180", 2024, Gender::T, tag + "T")};
        all.insert(all.end(), differences.begin(), differences.end());
        spill.add_run(differences);
    }
    CHECK(tags_in_spill_order(spill) == stable_sorted_tags(all));
    CHECK(entries_in(folder.path()) == 0);
}

TEST_CASE("spill: no file for no differences; a folder that cannot hold one is one clear error") {
    const testing::TempFolder folder("spill-error");
    const fs::path missing = folder.path() / "no-such-folder";
    CellDifferenceSpill spill(missing);
    spill.add_run({});  // a segment without differences needs no file
    CHECK(spill.size() == 0);
    CHECK(tags_in_spill_order(spill).empty());
    CHECK_THROWS_WITH_AS(
        spill.add_run({difference("N1", "0025", 2024, Gender::T, "t")}),
        ("cannot create a temporary file in " + missing.string() + ": No such file or directory")
            .c_str(),
        OutputError);
    CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("temp file: TMPDIR when set, /tmp otherwise; what is written reads back") {
    const auto env = [](std::optional<std::string> tmpdir) {
        return [tmpdir](const char* name) -> std::optional<std::string> {
            return std::string(name) == "TMPDIR" ? tmpdir : std::nullopt;
        };
    };
    CHECK(temp_folder(env("/var/scratch")) == fs::path("/var/scratch"));
    CHECK(temp_folder(env("")) == fs::path("/tmp"));
    CHECK(temp_folder(env(std::nullopt)) == fs::path("/tmp"));

    const testing::TempFolder folder("temp-file");
    {
        TempFile file(folder.path());
        CHECK(entries_in(folder.path()) == 0);
        file.append("hello, ");
        file.append("world");
        CHECK(file.size() == 12);
        std::string back(5, '\0');
        file.read(7, back.data(), back.size());
        CHECK(back == "world");
        // Past the end is an error, not a short read.
        CHECK_THROWS_AS(file.read(10, back.data(), back.size()), OutputError);
    }
    CHECK(entries_in(folder.path()) == 0);
}

}  // namespace kolcat::cli
