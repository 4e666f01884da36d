#pragma once
// Writing JSON text straight into a std::string: data pages are built this way rather than
// through a JSON DOM, so that the server answers hundreds of thousands of values per second.

#include <string>
#include <string_view>

namespace kolcat::demo {

// Appends text as a quoted JSON string (UTF-8 passes through; quotes, backslashes and control
// characters are escaped).
void append_json_string(std::string& out, std::string_view text);
// Appends the shortest text that reads back as exactly the same double; non-finite -> null.
void append_json_number(std::string& out, double value);
void append_json_int(std::string& out, long long value);

}  // namespace kolcat::demo
