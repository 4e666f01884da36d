#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "text/fd_write.hpp"

using namespace kolcat::text;

using namespace kolcat;

TEST_CASE("output: write_fully reports the errno of a failed write, in English") {
    CHECK(error_text(ENOSPC) == "No space left on device");
    const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (full < 0) {
        MESSAGE("skipped: no /dev/full");
        return;
    }
    CHECK(text::write_fully(full, "") == 0);
    CHECK(text::write_fully(full, std::string(100'000, 'x')) == ENOSPC);
    ::close(full);
}
