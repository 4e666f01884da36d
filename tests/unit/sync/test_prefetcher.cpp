#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sync/kolada/prefetcher.hpp"

using namespace kolcat;

namespace {

std::vector<int> drain(sync::Prefetcher<int>& items) {
    std::vector<int> got;
    while (auto item = items.next()) {
        got.push_back(*item);
    }
    return got;
}

}  // namespace

TEST_CASE("prefetcher: items arrive in order, produced on another thread") {
    const auto consumer = std::this_thread::get_id();
    std::atomic<bool> on_other_thread{false};
    sync::Prefetcher<int> items([&](const sync::Prefetcher<int>::Push& push) {
        on_other_thread = std::this_thread::get_id() != consumer;
        for (int i = 0; i < 100; ++i) {
            push(i);
        }
    });
    std::vector<int> expected;
    for (int i = 0; i < 100; ++i) {
        expected.push_back(i);
    }
    CHECK(drain(items) == expected);
    CHECK(on_other_thread);
    CHECK_FALSE(items.next().has_value());  // stays at the end
}

TEST_CASE("prefetcher: a producer with nothing to give ends at once") {
    sync::Prefetcher<int> items([](const sync::Prefetcher<int>::Push&) {});
    CHECK_FALSE(items.next().has_value());
}

TEST_CASE("prefetcher: the producer's error comes after the items pushed before it") {
    sync::Prefetcher<int> items([](const sync::Prefetcher<int>::Push& push) {
        push(1);
        push(2);
        throw std::runtime_error("page 3 failed");
    });
    CHECK(items.next() == std::optional<int>(1));
    CHECK(items.next() == std::optional<int>(2));
    CHECK_THROWS_WITH_AS(items.next(), "page 3 failed", std::runtime_error);
}

TEST_CASE("prefetcher: it stays at most `capacity` items ahead of the consumer") {
    std::atomic<int> pushed{0};
    {
        sync::Prefetcher<int> items(
            [&](const sync::Prefetcher<int>::Push& push) {
                for (int i = 0; i < 1000; ++i) {
                    push(i);
                    ++pushed;
                }
            },
            2);
        CHECK(items.next() == std::optional<int>(0));
        // Give the producer every chance to run ahead; it must block at two waiting items
        // (the third push waits), so at most 1 taken + 2 waiting + 0 more have returned.
        for (int i = 0; i < 50 && pushed < 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK(pushed.load() <= 3);
    }  // destroyed early: the producer is stopped at its next push, not run to the end
    CHECK(pushed.load() < 1000);
}
