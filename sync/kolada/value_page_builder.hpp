#pragma once
// Internal to sync/: a data page collected item by item and checked as each item completes.
// Both ways of reading a page fill these records (value_page_parser.cpp: from text, without a
// JSON document; or from a document), so both accept the same pages and refuse the others
// with the same messages, in the order the document reader always used.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "catalogue/value.hpp"
#include "sync/kolada/kolada_json.hpp"
#include "sync/kolada/kolada_json_checks.hpp"

namespace kolcat::sync::value_page {

// A value as the parser met it: enough to check it and to describe it in an error. Its string
// keeps its buffer from item to item, so reading a page allocates almost nothing per value.
struct Field {
    enum class Kind : std::uint8_t {
        missing,
        null,
        boolean,
        integer,
        unsigned_integer,
        floating,
        string,
        array,
        object,
        binary,  // only from a document built in code; JSON text has none
    };
    Kind kind = Kind::missing;
    bool boolean = false;
    std::int64_t integer = 0;
    std::uint64_t unsigned_integer = 0;
    double floating = 0;
    std::string text;

    bool absent() const { return kind == Kind::missing || kind == Kind::null; }
    bool is_number() const {
        return kind == Kind::integer || kind == Kind::unsigned_integer || kind == Kind::floating;
    }
    // For the shared checks and messages; costs a copy, so only on the way to an error.
    nlohmann::json to_json() const;
    std::optional<std::int64_t> as_int64() const;
};

// "string \"K\"", "an array", ...: kolada_checks::describe's words.
std::string describe(const Field& field);
// A document's value as a Field (containers only by kind: their content is read separately).
void assign(Field& field, const nlohmann::json& value);

// One gender entry of an item: {"gender": "K", "count": 1, "status": "", "value": 30.1}.
struct EntryFields {
    bool is_object = false;
    Field self;  // the entry itself when it is not an object
    Field gender;
    Field count;
    Field status;
    Field value;
    Field isdeleted;

    void begin(bool object) {
        is_object = object;
        self.kind = gender.kind = count.kind = status.kind = value.kind = isdeleted.kind =
            Field::Kind::missing;
    }
    Field* field(std::string_view key) {
        if (key == "gender") {
            return &gender;
        }
        if (key == "value") {
            return &value;
        }
        if (key == "count") {
            return &count;
        }
        if (key == "status") {
            return &status;
        }
        if (key == "isdeleted") {
            return &isdeleted;
        }
        return nullptr;
    }
};

// One data item: {"kpi": ..., "municipality": ..., "period": ..., "values": [entries]}.
struct ItemFields {
    std::size_t index = 0;
    Field kpi;
    Field municipality;
    Field period;
    Field isdeleted;
    Field values;
    std::vector<EntryFields> entries;  // the first entry_count are this item's; buffers kept
    std::size_t entry_count = 0;

    void begin(std::size_t item_index) {
        index = item_index;
        kpi.kind = municipality.kind = period.kind = isdeleted.kind = values.kind =
            Field::Kind::missing;
        entry_count = 0;
    }
    EntryFields& add_entry(bool object) {
        if (entry_count == entries.size()) {
            entries.emplace_back();
        }
        EntryFields& entry = entries[entry_count++];
        entry.begin(object);
        return entry;
    }
    Field* field(std::string_view key) {
        if (key == "kpi") {
            return &kpi;
        }
        if (key == "municipality") {
            return &municipality;
        }
        if (key == "period") {
            return &period;
        }
        if (key == "values") {
            return &values;
        }
        if (key == "isdeleted") {
            return &isdeleted;
        }
        return nullptr;
    }
};

// Finds a cell repeated on a page. Ids get small numbers per page, so a cell is one integer.
// Kolada sends a page's cells in strictly increasing order (kpi, unit, period, gender T, K,
// M); while they come so, none can repeat, and the cells are only listed. The first cell out
// of order moves the list into a hash set, which then checks every further cell.
class CellGuard {
  public:
    // Fails when the page has this cell already.
    void check(const std::string& kpi, const std::string& municipality, int period,
               catalogue::Gender gender, std::size_t item, const kolada_checks::Where& where);
    void clear() {
        seen_.clear();
        listed_.clear();
        ordered_ = true;
        kpis_.clear();
        units_.clear();
        last_kpi_ = last_unit_ = listed_kpi_ = listed_unit_ = nullptr;
    }

  private:
    using Numbers = std::unordered_map<std::string, std::uint64_t>;
    // Pages come grouped by kpi and unit: the last id found answers most lookups.
    static std::uint64_t number_of(const std::string& id, Numbers& numbers,
                                   const Numbers::value_type*& last) {
        if (last == nullptr || last->first != id) {
            last = &*numbers.emplace(id, numbers.size()).first;
        }
        return last->second;
    }
    // True when the cell (its ids just looked up: last_kpi_, last_unit_) comes after the cell
    // listed last.
    bool after_listed(int period, catalogue::Gender gender) const;

    bool ordered_ = true;
    std::vector<std::pair<std::uint64_t, std::size_t>> listed_;  // while ordered: cell, item
    const Numbers::value_type* listed_kpi_ = nullptr;            // the cell listed last
    const Numbers::value_type* listed_unit_ = nullptr;
    int listed_period_ = 0;
    catalogue::Gender listed_gender_ = catalogue::Gender::T;
    // Once out of order: cell -> item. A cell has 27 bits each for kpi and unit numbers (a 64 MB
    // page holds far fewer ids), 8 for the period (1900..2100), 2 for the gender.
    std::unordered_map<std::uint64_t, std::size_t> seen_;
    Numbers kpis_;
    Numbers units_;
    const Numbers::value_type* last_kpi_ = nullptr;
    const Numbers::value_type* last_unit_ = nullptr;
};

// Collects a page item by item; the checks of each item run when it is complete.
class PageBuilder {
  public:
    ItemFields& begin_item(std::size_t index) {
        item_.begin(index);
        return item_;
    }
    // Appends the complete item's values, or holds back its problem (the first one counts).
    void end_item();
    // An element of values that is not an object.
    void not_an_object(std::size_t index, const Field& element);
    bool has_error() const { return error_.has_value(); }
    // A new values array (a repeated key: the last one counts, as in a document).
    void restart() {
        page_.items.clear();
        cells_.clear();
        error_.reset();
    }
    void reserve(std::size_t values) { page_.items.reserve(values); }

    // The envelope's checks, then the first item's problem, if any.
    Page<catalogue::Value> finish(const kolada_checks::EnvelopeFields& envelope);

  private:
    void add_item_values();

    ItemFields item_;
    Page<catalogue::Value> page_;
    CellGuard cells_;
    std::optional<std::string> error_;  // the first item's problem, "item 3: ..."
};

// The full reader of a page's text, through nlohmann's SAX events: every page, every check, every
// message (value_page_parser.cpp). parse_value_text uses it for pages that are not plain
// (value_page_plain_reader.hpp).
Page<catalogue::Value> read_page_with_sax(std::string_view json_text);

}  // namespace kolcat::sync::value_page
