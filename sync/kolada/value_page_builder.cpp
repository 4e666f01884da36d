#include "sync/kolada/value_page_builder.hpp"

#include <cmath>
#include <limits>
#include <utility>

namespace kolcat::sync::value_page {

using nlohmann::json;
using namespace kolada_checks;

json Field::to_json() const {
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

std::optional<std::int64_t> Field::as_int64() const {
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

std::string describe(const Field& field) {
    return kolada_checks::describe(field.to_json());
}

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

namespace {

// The checks of one field, in the document reader's words.

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

}  // namespace

bool CellGuard::after_listed(int period, catalogue::Gender gender) const {
    if (listed_kpi_ == nullptr) {
        return true;
    }
    // The maps' entries never move: the same entry is the same id.
    if (last_kpi_ != listed_kpi_) {
        return last_kpi_->first > listed_kpi_->first;
    }
    if (last_unit_ != listed_unit_) {
        return last_unit_->first > listed_unit_->first;
    }
    if (period != listed_period_) {
        return period > listed_period_;
    }
    return gender > listed_gender_;
}

void CellGuard::check(const std::string& kpi, const std::string& municipality, int period,
                      catalogue::Gender gender, std::size_t item, const Where& where) {
    const std::uint64_t cell = (number_of(kpi, kpis_, last_kpi_) << 37) |
                               (number_of(municipality, units_, last_unit_) << 10) |
                               (static_cast<std::uint64_t>(period - first_valid_period) << 2) |
                               static_cast<std::uint64_t>(gender);
    if (ordered_) {
        if (after_listed(period, gender)) {
            listed_.emplace_back(cell, item);
            listed_kpi_ = last_kpi_;
            listed_unit_ = last_unit_;
            listed_period_ = period;
            listed_gender_ = gender;
            return;
        }
        ordered_ = false;
        seen_.reserve(listed_.size() * 2);
        for (const auto& [listed_cell, listed_item] : listed_) {
            seen_.emplace(listed_cell, listed_item);
        }
        listed_.clear();
    }
    const auto [it, inserted] = seen_.emplace(cell, item);
    if (!inserted) {
        fail(where, "duplicate cell " + kpi + "/" + municipality + "/" + std::to_string(period) +
                        "/" + std::string(to_string(gender)) + " (also in " +
                        Where{it->second}.to_string() + ")");
    }
}

// Appends the complete item's values, or holds back its problem (the first one counts).
void PageBuilder::end_item() {
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
void PageBuilder::not_an_object(std::size_t index, const Field& element) {
    if (!error_) {
        error_ = Where{index}.to_string() + ": not a JSON object (got " + describe(element) + ")";
    }
}

// The envelope's checks, then the first item's problem, if any.
Page<catalogue::Value> PageBuilder::finish(const EnvelopeFields& envelope) {
    page_.next_url = check_envelope(envelope);
    if (error_) {
        throw KoladaFormatError(*error_);
    }
    return std::move(page_);
}

void PageBuilder::add_item_values() {
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
        const auto gender = catalogue::parse_gender(entry.gender.text);
        if (!gender) {
            fail(entry_where,
                 "unknown gender code " + describe(entry.gender) + " (expected T, K or M)");
        }
        catalogue::Value value;
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

}  // namespace kolcat::sync::value_page
