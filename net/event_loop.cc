#include "net/event_loop.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace salesync::net {

namespace asio = boost::asio;

struct EventLoop::Impl {
  explicit Impl(int n) : threads(n < 1 ? 1 : n), work(asio::make_work_guard(ioc)) {}
  asio::io_context ioc;
  int threads;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::mutex mu;
  uint64_t next_timer = 1;
  std::map<uint64_t, std::shared_ptr<asio::steady_timer>> timers;
  std::vector<std::shared_ptr<asio::signal_set>> signal_sets;
};

EventLoop::EventLoop(int threads) : impl_(std::make_unique<Impl>(threads)) {}

EventLoop::~EventLoop() {
  Stop();
}

asio::io_context& EventLoop::io_context() { return impl_->ioc; }

void EventLoop::Run() {
  std::vector<std::thread> extra;
  for (int i = 1; i < impl_->threads; ++i) extra.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : extra) t.join();
}

void EventLoop::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    for (auto& s : impl_->signal_sets) s->cancel();
    for (auto& [id, t] : impl_->timers) t->cancel();
  }
  impl_->work.reset();
  impl_->ioc.stop();
}

void EventLoop::Post(std::function<void()> fn) { asio::post(impl_->ioc, std::move(fn)); }

EventLoop::TimerId EventLoop::RunAfter(std::chrono::milliseconds delay, std::function<void()> fn) {
  auto timer = std::make_shared<asio::steady_timer>(impl_->ioc, delay);
  TimerId id;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    id = impl_->next_timer++;
    impl_->timers[id] = timer;
  }
  timer->async_wait([this, id, fn = std::move(fn)](const boost::system::error_code& ec) {
    {
      std::lock_guard<std::mutex> lock(impl_->mu);
      impl_->timers.erase(id);
    }
    if (!ec) fn();
  });
  return id;
}

void EventLoop::CancelTimer(TimerId id) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->timers.find(id);
  if (it != impl_->timers.end()) it->second->cancel();
}

namespace {
void WaitForSignal(std::shared_ptr<asio::signal_set> set, std::shared_ptr<std::function<void(int)>> fn) {
  set->async_wait([set, fn](const boost::system::error_code& ec, int signo) {
    if (ec) return;  // cancelled on Stop()
    (*fn)(signo);
    WaitForSignal(set, fn);
  });
}
}  // namespace

void EventLoop::OnSignals(std::initializer_list<int> signals, std::function<void(int)> fn) {
  auto set = std::make_shared<asio::signal_set>(impl_->ioc);
  for (int s : signals) set->add(s);
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->signal_sets.push_back(set);
  }
  WaitForSignal(set, std::make_shared<std::function<void(int)>>(std::move(fn)));
}

}  // namespace salesync::net
