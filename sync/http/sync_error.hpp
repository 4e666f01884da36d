#pragma once

#include <stdexcept>

namespace kolcat::http {

// A sync that cannot go on: the retry budget is spent, the server refused the request, or an
// answer broke the API's contract. The message is one line, fit for the user.
class SyncError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace kolcat::http
