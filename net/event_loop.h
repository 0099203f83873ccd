// EventLoop: the daemon's single Asio io_context, the threads that run it, signal delivery and timers.
//
// Everything asynchronous in a salesync process runs on one EventLoop: the HTTP servers, timers (the
// systemd watchdog, schedules), and signals. Signals are delivered through asio::signal_set, so a signal
// handler never runs in signal context: it is an ordinary callback on a loop thread. Idle, the loop
// blocks in epoll: no polling.
// Thread-safety: Post, RunAfter, CancelTimer and Stop may be called from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace salesync::net {

class EventLoop {
 public:
  explicit EventLoop(int threads);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs the loop on `threads` threads (the calling one included) until Stop(). Returns when all
  // threads have left the loop.
  void Run();
  // Makes Run() return once pending handlers finish; safe from any thread.
  void Stop();

  void Post(std::function<void()> fn);

  using TimerId = uint64_t;
  // Calls `fn` once after `delay` on a loop thread. Returns an id for CancelTimer.
  TimerId RunAfter(std::chrono::milliseconds delay, std::function<void()> fn);
  void CancelTimer(TimerId id);

  // Delivers each of `signals` to `fn` on a loop thread, every time it arrives.
  void OnSignals(std::initializer_list<int> signals, std::function<void(int)> fn);

  boost::asio::io_context& io_context();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace salesync::net
