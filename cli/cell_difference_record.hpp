#pragma once
// One sync::CellDifference as bytes, for CellDifferenceSpill: a length, then every field
// exactly (the doubles bit for bit, so the output is the one the difference itself gives). The
// bytes are read back only by the process that wrote them: native byte order.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sync/kolada/verify.hpp"

namespace kolcat::cli {

// Every record starts with its payload's length in this many bytes.
inline constexpr std::size_t record_length_bytes = sizeof(std::uint32_t);

// Appends the record (length and payload) to `out`.
void append_record(const sync::CellDifference& difference, std::string& out);

// The payload length that a record's first record_length_bytes bytes give.
std::size_t payload_length(const char* length_bytes);

// Reads a payload back into `difference` (reusing its strings' storage). Throws
// std::runtime_error when the payload is not one that append_record wrote.
void read_record(std::string_view payload, sync::CellDifference& difference);

}  // namespace kolcat::cli
