#pragma once
// How kpi_value stores a value: as its decimal digits and scale packed into one integer, which
// takes 1-4 bytes where the double takes 8. Kolada's values are short decimals (74.1, 12.35),
// so this saves about a sixth of a stored cell. The column `value` that every reader uses is a
// virtual column that unpacks it (migration 11 in migrations.cpp), so only the writers know of
// the packing, and any SQLite 3.31 or later (the sqlite3 shell, Python) reads the values.
//
// packed = digits * 16 + scale, scale in 0..15 (so digits = packed >> 4, an arithmetic shift,
// and scale = packed & 15, also for negative digits), and value = digits / 10^scale,
// computed as one IEEE division of two exact doubles: it is exactly the double nearest the
// decimal, which is the double that was packed (pack_value checks this for each value).
// A value that has no such form (more than 15 decimals, or too many digits) is stored as the
// REAL itself, which the unpacking passes through.

#include <cstdint>
#include <optional>

#include "catalogue/database.hpp"

namespace kolcat::catalogue {

// The packed form of value, or nullopt when value must be stored as a REAL.
std::optional<std::int64_t> pack_value(double value);

// The inverse of pack_value, computed as the virtual column `value` computes it.
double unpack_value(std::int64_t packed);

// For scans of millions of rows, tests on the stored columns spare the virtual columns'
// decoding, which costs about twice the scan itself: `value IS NOT NULL` is
// `value_digits IS NOT NULL`, and `status <> ''` is `count_status >= ''` (the status has a
// place in count_status, as text, only when it is not empty; text sorts after numbers).

// Registers kolcat_packed_value(x) on a connection: what to store in value_digits for the
// value x (NULL for NULL). Migrations use it to pack the values stored before.
void register_pack_function(Database& db);

}  // namespace kolcat::catalogue
