#pragma once
// One cell's change since a date, with the value it held then where the catalogue knows it:
// what `kolcat changes` lists and the "what is new" page shows (Catalogue::for_each_value_change).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "catalogue/value.hpp"

namespace kolcat::catalogue {

// A cell's stored content.
struct StoredValue {
    std::optional<double> value;  // none: Kolada has no number (status says why)
    std::optional<int> count;
    std::string status;

    bool operator==(const StoredValue&) const = default;
};

enum class ChangeKind {
    published,  // the cell held nothing at the date and holds a value now
    revised,    // it holds a value now, and held another one (or an unknown one) at the date
    deleted     // it holds none now (and held a value at the date, an unknown one, or none
                // when it was published and deleted again since)
};
std::string_view to_string(ChangeKind kind);  // "published", "revised", "deleted"

struct ValueChange {
    std::string kpi;
    std::string unit;
    int period = 0;
    Gender gender = Gender::T;
    ChangeKind kind = ChangeKind::revised;
    // False when the catalogue cannot tell what the cell held at the date (its record of old
    // values begins later, or the value was stored before changes were recorded): old_value is
    // then empty and means nothing. A revised cell with an unknown old value may also have
    // been empty at the date.
    bool old_known = false;
    std::optional<StoredValue> old_value;  // what the cell held at the date; none: nothing
    std::optional<StoredValue> new_value;  // what it holds now; none: deleted
    // When the cell last changed (Unix seconds); none: before the catalogue recorded changes.
    std::optional<std::int64_t> changed_at;
};

}  // namespace kolcat::catalogue
