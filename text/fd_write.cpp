#include "text/fd_write.hpp"

#include <locale.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kolcat::text {

std::string error_text(int error_number) {
    // QCoreApplication sets the process locale from the environment; the terminal text is
    // English.
    static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
    if (c_locale != locale_t{}) {
        return strerror_l(error_number, c_locale);
    }
    return std::strerror(error_number);
}

int write_fully(int fd, std::string_view text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t written = ::write(fd, text.data() + done, text.size() - done);
        if (written > 0) {
            done += static_cast<std::size_t>(written);
            continue;
        }
        if (written == 0) {
            return EIO;  // no progress and no reason: do not spin
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            // A non-blocking descriptor inherited from the caller: wait until it takes more.
            pollfd ready{fd, POLLOUT, 0};
            if (::poll(&ready, 1, -1) < 0 && errno != EINTR) {
                return errno;
            }
            continue;
        }
        return errno;
    }
    return 0;
}

}  // namespace kolcat::text
