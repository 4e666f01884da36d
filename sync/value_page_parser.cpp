// Data pages, the bulk of a sync (up to 15 000 values a page): read straight from the answer's
// text with nlohmann's SAX interface, without a JSON document in between, which made building
// and freeing the document most of a sync's cost.
//
// Both entry points fill the same small records (one item and its gender entries at a time)
// and run the same checks on them, in the same order as the document reader did, so a page is
// refused with the same message whichever way it came: parse_value_page walks a document,
// parse_value_text reads text. Every problem is held back until the text has been read to its
// end, so a syntax error still wins (the fetcher retries those) and the envelope's checks still
// come before the items', as when the whole document was parsed first.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sync/kolada_json.hpp"
#include "sync/kolada_json_checks.hpp"

namespace kolcat {
namespace {

using nlohmann::json;
using namespace kolada_checks;

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
    json to_json() const {
        switch (kind) {
            case Kind::missing:
            case Kind::null:
                return nullptr;
            case Kind::boolean:
                return boolean;
            case Kind::integer:
                return integer;
            case Kind::unsigned_integer:
                return unsigned_integer;
            case Kind::floating:
                return floating;
            case Kind::string:
                return text;
            case Kind::array:
                return json::array();
            case Kind::object:
                return json::object();
            case Kind::binary:
                return json::binary({});
        }
        return nullptr;
    }
    std::optional<std::int64_t> as_int64() const {
        if (kind == Kind::unsigned_integer) {
            if (unsigned_integer >
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                return std::nullopt;
            }
            return static_cast<std::int64_t>(unsigned_integer);
        }
        if (kind == Kind::integer) {
            return integer;
        }
        return std::nullopt;
    }
};

std::string describe(const Field& field) {
    return kolada_checks::describe(field.to_json());
}

// A document's value as a Field (containers only by kind: their content is read separately).
void assign(Field& field, const json& value) {
    switch (value.type()) {
        case json::value_t::null:
        case json::value_t::discarded:
            field.kind = Field::Kind::null;
            break;
        case json::value_t::boolean:
            field.kind = Field::Kind::boolean;
            field.boolean = value.get<bool>();
            break;
        case json::value_t::number_integer:
            field.kind = Field::Kind::integer;
            field.integer = value.get<std::int64_t>();
            break;
        case json::value_t::number_unsigned:
            field.kind = Field::Kind::unsigned_integer;
            field.unsigned_integer = value.get<std::uint64_t>();
            break;
        case json::value_t::number_float:
            field.kind = Field::Kind::floating;
            field.floating = value.get<double>();
            break;
        case json::value_t::string:
            field.kind = Field::Kind::string;
            field.text = value.get_ref<const std::string&>();
            break;
        case json::value_t::array:
            field.kind = Field::Kind::array;
            break;
        case json::value_t::object:
            field.kind = Field::Kind::object;
            break;
        case json::value_t::binary:
            field.kind = Field::Kind::binary;
            break;
    }
}

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

// --- the checks of one field, in the document reader's words ---

const std::string& read_id(const Field& field, const char* key, const Where& where) {
    if (field.kind == Field::Kind::missing) {
        fail(where, std::string("missing field '") + key + "'");
    }
    if (field.kind != Field::Kind::string) {
        fail(where, std::string(key) + " is not a string (got " + describe(field) + ")");
    }
    check_id(field.text, key, where);
    return field.text;
}

int read_period(const Field& field, const Where& where) {
    if (field.kind == Field::Kind::missing) {
        fail(where, "missing field 'period'");
    }
    const auto period = field.as_int64();
    if (!period) {
        fail(where, "period is not an integer (got " + describe(field) + ")");
    }
    return check_period(*period, where);
}

std::optional<bool> read_optional_bool(const Field& field, const char* key, const Where& where) {
    if (field.absent()) {
        return std::nullopt;
    }
    if (field.kind != Field::Kind::boolean) {
        fail(where, std::string(key) + " is not a boolean (got " + describe(field) + ")");
    }
    return field.boolean;
}

std::optional<int> read_count(const Field& field, const Where& where) {
    if (field.absent()) {
        return std::nullopt;
    }
    const auto count = field.as_int64();
    if (!count) {
        fail(where, "count is not an integer (got " + describe(field) + ")");
    }
    return check_count(*count, where);
}

void read_status(const Field& field, const Where& where, std::string& status) {
    if (field.absent()) {
        status.clear();
        return;
    }
    if (field.kind != Field::Kind::string) {
        fail(where, "status is not a string (got " + describe(field) + ")");
    }
    check_text_size(field.text, "status", where, max_short_text_bytes);
    status = field.text;
}

std::optional<double> read_number(const Field& field, const Where& where) {
    if (field.absent()) {
        return std::nullopt;
    }
    if (!field.is_number()) {
        fail(where, "value is not a number (got " + describe(field) + ")");
    }
    const double number = field.kind == Field::Kind::floating ? field.floating
                          : field.kind == Field::Kind::integer
                              ? static_cast<double>(field.integer)
                              : static_cast<double>(field.unsigned_integer);
    // JSON has no infinity, but a document built in code may hold one.
    if (!std::isfinite(number)) {
        fail(where, "value is not a finite number");
    }
    return number;
}

// Finds a cell repeated on a page. Ids get small numbers per page, so a cell is one integer.
class CellGuard {
  public:
    void check(const std::string& kpi, const std::string& municipality, int period, Gender gender,
               std::size_t item, const Where& where) {
        const std::uint64_t cell = (number_of(kpi, kpis_, last_kpi_) << 37) |
                                   (number_of(municipality, units_, last_unit_) << 10) |
                                   (static_cast<std::uint64_t>(period - first_valid_period) << 2) |
                                   static_cast<std::uint64_t>(gender);
        const auto [it, inserted] = seen_.emplace(cell, item);
        if (!inserted) {
            fail(where, "duplicate cell " + kpi + "/" + municipality + "/" +
                            std::to_string(period) + "/" + std::string(to_string(gender)) +
                            " (also in " + Where{it->second}.to_string() + ")");
        }
    }
    void clear() {
        seen_.clear();
        kpis_.clear();
        units_.clear();
        last_kpi_ = last_unit_ = nullptr;
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

    // 27 bits each for kpi and unit numbers (a 64 MB page holds far fewer ids), 8 for the
    // period (1900..2100), 2 for the gender.
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
    void end_item() {
        if (error_) {
            return;
        }
        try {
            add_item_values();
        } catch (const KoladaFormatError& error) {
            error_ = error.what();
        }
    }
    // An element of values that is not an object.
    void not_an_object(std::size_t index, const Field& element) {
        if (!error_) {
            error_ =
                Where{index}.to_string() + ": not a JSON object (got " + describe(element) + ")";
        }
    }
    bool has_error() const { return error_.has_value(); }
    // A new values array (a repeated key: the last one counts, as in a document).
    void restart() {
        page_.items.clear();
        cells_.clear();
        error_.reset();
    }
    void reserve(std::size_t values) { page_.items.reserve(values); }

    // The envelope's checks, then the first item's problem, if any.
    Page<Value> finish(const EnvelopeFields& envelope) {
        page_.next_url = check_envelope(envelope);
        if (error_) {
            throw KoladaFormatError(*error_);
        }
        return std::move(page_);
    }

  private:
    void add_item_values() {
        const Where where{item_.index};
        const std::string& kpi = read_id(item_.kpi, "kpi", where);
        const std::string& municipality = read_id(item_.municipality, "municipality", where);
        const int period = read_period(item_.period, where);
        // A deletion flag on the item applies to all its values.
        const bool item_deleted =
            read_optional_bool(item_.isdeleted, "isdeleted", where).value_or(false);
        if (item_.values.kind == Field::Kind::missing) {
            fail(where, "missing field 'values'");
        }
        if (item_.values.kind != Field::Kind::array) {
            fail(where, "values is not an array (got " + describe(item_.values) + ")");
        }
        for (std::size_t i = 0; i < item_.entry_count; ++i) {
            const Where entry_where = where.in("values", i);
            const EntryFields& entry = item_.entries[i];
            if (!entry.is_object) {
                fail(entry_where, "not a JSON object (got " + describe(entry.self) + ")");
            }
            if (entry.gender.kind == Field::Kind::missing) {
                fail(entry_where, "missing field 'gender'");
            }
            if (entry.gender.kind != Field::Kind::string) {
                fail(entry_where, "gender is not a string (got " + describe(entry.gender) + ")");
            }
            const auto gender = parse_gender(entry.gender.text);
            if (!gender) {
                fail(entry_where,
                     "unknown gender code " + describe(entry.gender) + " (expected T, K or M)");
            }
            Value value;
            value.kpi = kpi;
            value.municipality = municipality;
            value.period = period;
            value.gender = *gender;
            value.count = read_count(entry.count, entry_where);
            read_status(entry.status, entry_where, value.status);
            value.value = read_number(entry.value, entry_where);
            value.is_deleted =
                item_deleted ||
                read_optional_bool(entry.isdeleted, "isdeleted", entry_where).value_or(false);
            cells_.check(kpi, municipality, period, *gender, item_.index, entry_where);
            page_.items.push_back(std::move(value));
        }
    }

    ItemFields item_;
    Page<Value> page_;
    CellGuard cells_;
    std::optional<std::string> error_;  // the first item's problem, "item 3: ..."
};

// --- text: nlohmann's SAX events ---

class ValuePageHandler {
  public:
    explicit ValuePageHandler(PageBuilder& builder) : builder_(builder) {}

    bool null() {
        return scalar([](Field& f) { f.kind = Field::Kind::null; });
    }
    bool boolean(bool value) {
        return scalar([value](Field& f) {
            f.kind = Field::Kind::boolean;
            f.boolean = value;
        });
    }
    bool number_integer(json::number_integer_t value) {
        return scalar([value](Field& f) {
            f.kind = Field::Kind::integer;
            f.integer = value;
        });
    }
    bool number_unsigned(json::number_unsigned_t value) {
        return scalar([value](Field& f) {
            f.kind = Field::Kind::unsigned_integer;
            f.unsigned_integer = value;
        });
    }
    bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
        return scalar([value](Field& f) {
            f.kind = Field::Kind::floating;
            f.floating = value;
        });
    }
    bool string(json::string_t& value) {
        return scalar([&value](Field& f) {
            f.kind = Field::Kind::string;
            f.text.assign(value);  // keeps f's buffer
        });
    }
    bool binary(json::binary_t& /*value*/) {
        return scalar([](Field& f) { f.kind = Field::Kind::binary; });
    }

    bool start_object(std::size_t /*elements*/) {
        if (skip_depth_ > 0) {
            ++skip_depth_;
            return true;
        }
        if (stack_.empty()) {
            root_.kind = Field::Kind::object;
            stack_.push_back(Level::envelope);
            return true;
        }
        switch (stack_.back()) {
            case Level::page_values: {
                const std::size_t index = item_count_++;
                if (builder_.has_error()) {
                    skip_depth_ = 1;  // a problem is known: the rest is only counted
                } else {
                    item_ = &builder_.begin_item(index);
                    stack_.push_back(Level::item);
                }
                return true;
            }
            case Level::item_values:
                item_->add_entry(true);
                stack_.push_back(Level::entry);
                return true;
            default:
                set_target_kind(Field::Kind::object);
                skip_depth_ = 1;
                return true;
        }
    }

    bool end_object() {
        if (skip_depth_ > 0) {
            --skip_depth_;
            return true;
        }
        const Level level = stack_.back();
        stack_.pop_back();
        if (level == Level::item) {
            builder_.end_item();
        }
        target_ = nullptr;
        return true;
    }

    bool start_array(std::size_t /*elements*/) {
        if (skip_depth_ > 0) {
            ++skip_depth_;
            return true;
        }
        if (stack_.empty()) {
            root_.kind = Field::Kind::array;
            skip_depth_ = 1;
            return true;
        }
        switch (stack_.back()) {
            case Level::page_values: {
                Field element;
                element.kind = Field::Kind::array;
                builder_.not_an_object(item_count_++, element);
                skip_depth_ = 1;
                return true;
            }
            case Level::item_values:
                item_->add_entry(false).self.kind = Field::Kind::array;
                skip_depth_ = 1;
                return true;
            case Level::envelope:
                if (target_ == &values_) {
                    values_.kind = Field::Kind::array;
                    target_ = nullptr;
                    stack_.push_back(Level::page_values);
                    return true;
                }
                break;
            case Level::item:
                if (item_ != nullptr && target_ == &item_->values) {
                    item_->values.kind = Field::Kind::array;
                    item_->entry_count = 0;
                    target_ = nullptr;
                    stack_.push_back(Level::item_values);
                    return true;
                }
                break;
            case Level::entry:
                break;
        }
        set_target_kind(Field::Kind::array);
        skip_depth_ = 1;
        return true;
    }

    bool end_array() {
        if (skip_depth_ > 0) {
            --skip_depth_;
            return true;
        }
        stack_.pop_back();
        target_ = nullptr;
        return true;
    }

    bool key(json::string_t& key) {
        if (skip_depth_ > 0) {
            return true;
        }
        target_ = nullptr;
        switch (stack_.back()) {
            case Level::envelope:
                if (key == "values") {
                    // A repeated key: the last one counts, as in a document.
                    builder_.restart();
                    item_count_ = 0;
                    target_ = &values_;
                } else if (key == "count") {
                    target_ = &count_;
                } else if (key == "next_url") {
                    target_ = &next_url_;
                } else if (key == "previous_url") {
                    target_ = &previous_url_;
                }
                break;
            case Level::item:
                target_ = item_->field(key);
                if (target_ == &item_->values) {
                    item_->entry_count = 0;
                }
                break;
            case Level::entry:
                target_ = item_->entries[item_->entry_count - 1].field(key);
                break;
            default:
                break;
        }
        return true;
    }

    // As nlohmann's own document parser does: throw the parser's exception as it is, so that the
    // fetcher tells a broken text (worth another try) from an unreadable one (1e999).
    template <typename Exception>
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const Exception& error) {
        throw error;
    }

    Page<Value> finish() {
        const json body = root_.to_json();
        const json values = values_.to_json();
        const json count = count_.to_json();
        const json next_url = next_url_.to_json();
        const json previous_url = previous_url_.to_json();
        EnvelopeFields envelope;
        envelope.body = &body;
        envelope.values = values_.kind == Field::Kind::missing ? nullptr : &values;
        envelope.item_count = item_count_;
        envelope.count = count_.kind == Field::Kind::missing ? nullptr : &count;
        envelope.next_url = next_url_.kind == Field::Kind::missing ? nullptr : &next_url;
        envelope.previous_url =
            previous_url_.kind == Field::Kind::missing ? nullptr : &previous_url;
        return builder_.finish(envelope);
    }

  private:
    enum class Level : std::uint8_t { envelope, page_values, item, item_values, entry };

    template <typename Set>
    bool scalar(Set set) {
        if (skip_depth_ > 0) {
            return true;
        }
        if (stack_.empty()) {
            set(root_);
            return true;
        }
        switch (stack_.back()) {
            case Level::page_values: {
                Field element;
                set(element);
                builder_.not_an_object(item_count_++, element);
                return true;
            }
            case Level::item_values:
                set(item_->add_entry(false).self);
                return true;
            default:
                if (target_ != nullptr) {
                    set(*target_);
                    target_ = nullptr;
                }
                return true;
        }
    }
    void set_target_kind(Field::Kind kind) {
        if (target_ != nullptr) {
            target_->kind = kind;
            target_ = nullptr;
        }
    }

    PageBuilder& builder_;
    std::vector<Level> stack_;  // at most 5 deep: deeper content is skipped
    std::size_t skip_depth_ = 0;
    Field* target_ = nullptr;  // where the next value goes; nullptr: an unknown key's value
    ItemFields* item_ = nullptr;
    std::size_t item_count_ = 0;
    Field root_;
    Field values_;
    Field count_;
    Field next_url_;
    Field previous_url_;
};

// Reserve for a full page (5 000 items of T, K and M) but never more: a hostile body's size
// says nothing about how many values it holds.
constexpr std::size_t reserved_values = 15'000;

// --- a document: the same records, filled from the document's fields ---

void read_entry(const json& element, ItemFields& item) {
    if (!element.is_object()) {
        assign(item.add_entry(false).self, element);
        return;
    }
    EntryFields& entry = item.add_entry(true);
    for (const auto& [key, value] : element.items()) {
        if (Field* field = entry.field(key)) {
            assign(*field, value);
        }
    }
}

void read_item(const json& element, ItemFields& item) {
    for (const auto& [key, value] : element.items()) {
        if (Field* field = item.field(key)) {
            assign(*field, value);
        }
    }
    if (const auto values = element.find("values"); values != element.end() && values->is_array()) {
        for (const json& entry : *values) {
            read_entry(entry, item);
        }
    }
}

}  // namespace

Page<Value> parse_value_text(std::string_view json_text) {
    PageBuilder builder;
    builder.reserve(reserved_values);
    ValuePageHandler handler(builder);
    json::sax_parse(json_text.begin(), json_text.end(), &handler);
    return handler.finish();
}

Page<Value> parse_value_page(const json& body) {
    PageBuilder builder;
    EnvelopeFields envelope;
    envelope.body = &body;
    if (body.is_object()) {
        const auto find = [&body](const char* key) -> const json* {
            const auto it = body.find(key);
            return it == body.end() ? nullptr : &*it;
        };
        envelope.values = find("values");
        envelope.count = find("count");
        envelope.next_url = find("next_url");
        envelope.previous_url = find("previous_url");
    }
    if (envelope.values != nullptr && envelope.values->is_array()) {
        const json& values = *envelope.values;
        envelope.item_count = values.size();
        builder.reserve(std::min(values.size() * 3, reserved_values));
        for (std::size_t i = 0; i < values.size() && !builder.has_error(); ++i) {
            if (!values[i].is_object()) {
                Field element;
                assign(element, values[i]);
                builder.not_an_object(i, element);
                continue;
            }
            read_item(values[i], builder.begin_item(i));
            builder.end_item();
        }
    }
    return builder.finish(envelope);
}

}  // namespace kolcat
