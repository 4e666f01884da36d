#pragma once
// Runs a producer on a thread of its own, one item ahead of the consumer. The sync uses it to
// fetch and parse data page N+1 while it stores page N: on two cores the two halves of the
// work, about equal in cost, overlap.
//
//   Prefetcher<Page> pages([&](const Prefetcher<Page>::Push& push) {
//       while (...) push(read_page());  // the worker thread
//   });
//   while (auto page = pages.next()) store(*page);  // the calling thread
//
// Items arrive in the order pushed. When the producer throws, next() first hands out every
// item pushed before, then rethrows the producer's exception. Destroying the prefetcher early
// (the consumer failed) stops the producer at its next push and waits for it: an item being
// produced at that moment is finished first, then thrown away.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace kolcat::sync {

template <typename Item>
class Prefetcher {
  public:
    using Push = std::function<void(Item)>;
    using Producer = std::function<void(const Push&)>;

    // Items waiting beyond the one being consumed: one is enough to keep both threads busy, and
    // keeps memory at a few pages.
    explicit Prefetcher(Producer produce, std::size_t capacity = 1)
        : capacity_(capacity == 0 ? 1 : capacity) {
        worker_ = std::thread([this, produce = std::move(produce)] { run(produce); });
    }
    ~Prefetcher() {
        {
            const std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        worker_.join();
    }
    Prefetcher(const Prefetcher&) = delete;
    Prefetcher& operator=(const Prefetcher&) = delete;

    // The next item, waiting for it if need be; nullopt once the producer has returned.
    // Rethrows the producer's exception after the items pushed before it.
    std::optional<Item> next() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !items_.empty() || finished_; });
        if (!items_.empty()) {
            Item item = std::move(items_.front());
            items_.pop_front();
            lock.unlock();
            changed_.notify_all();
            return item;
        }
        if (error_) {
            std::rethrow_exception(std::exchange(error_, nullptr));
        }
        return std::nullopt;
    }

  private:
    // Thrown by push() inside the producer when the consumer has gone away.
    struct Stopped {};

    void run(const Producer& produce) {
        std::exception_ptr error;
        try {
            produce([this](Item item) { push(std::move(item)); });
        } catch (const Stopped&) {
            // The consumer is gone: nobody waits for the rest.
        } catch (...) {
            error = std::current_exception();
        }
        {
            const std::lock_guard lock(mutex_);
            finished_ = true;
            error_ = error;
        }
        changed_.notify_all();
    }

    void push(Item item) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return items_.size() < capacity_ || stopping_; });
        if (stopping_) {
            throw Stopped{};
        }
        items_.push_back(std::move(item));
        lock.unlock();
        changed_.notify_all();
    }

    const std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Item> items_;
    bool stopping_ = false;
    bool finished_ = false;
    std::exception_ptr error_;
    std::thread worker_;  // last: starts once everything above exists
};

}  // namespace kolcat::sync
