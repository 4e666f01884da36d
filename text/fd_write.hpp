#pragma once
// Text out to a file descriptor, checked: the terminal's output and the report's file alike.

#include <string>
#include <string_view>

namespace kolcat::text {

// The system's message for an errno value, in English whatever the locale
// ("No space left on device").
std::string error_text(int error_number);

// Writes all of text to the file descriptor, retrying short writes and EINTR, and waiting when
// the descriptor is non-blocking. Returns 0, or the errno of the write that failed.
int write_fully(int fd, std::string_view text);

}  // namespace kolcat::text
