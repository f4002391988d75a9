#include "http_server_host.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "../src/core/http_response_writer.h"
#include "../src/core/node_router.h"

namespace energy_node {
namespace {

// Below the usual limit of 1024 open files, so accept() never fails for want of one.
constexpr size_t kMaxConnections = 512;
constexpr auto kIdleTimeout = std::chrono::seconds(60);
constexpr auto kLingerTimeout = std::chrono::seconds(2);
// A client that pipelines without reading stops being read from past this.
constexpr size_t kMaxBufferedOutput = 1 << 20;
constexpr size_t kReadChunk = 16 * 1024;

void setNonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK); }

}  // namespace

HttpServer::HttpServer(Handler handler, HttpLimits limits)
    : handler_(std::move(handler)), limits_(limits) {}

HttpServer::~HttpServer() {
  for (auto& entry : connections_) ::close(entry.first);
  for (int fd : {listenFd_, epollFd_, signalFd_, wakeFd_}) {
    if (fd >= 0) ::close(fd);
  }
}

bool HttpServer::listen(const std::string& host, uint16_t port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  const int lookup = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses);
  if (lookup != 0) {
    error = "cannot resolve " + host + ": " + ::gai_strerror(lookup);
    return false;
  }
  for (addrinfo* address = addresses; address != nullptr; address = address->ai_next) {
    const int fd = ::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, address->ai_addr, address->ai_addrlen) == 0 && ::listen(fd, 512) == 0) {
      listenFd_ = fd;
      break;
    }
    error = "cannot listen on " + host + ":" + service + ": " + std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(addresses);
  if (listenFd_ < 0) return false;

  sockaddr_storage bound{};
  socklen_t boundLength = sizeof bound;
  ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&bound), &boundLength);
  boundPort_ = bound.ss_family == AF_INET6
                   ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                   : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  setNonBlocking(listenFd_);

  epollFd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wakeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  signalFd_ = ::signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
  for (int fd : {listenFd_, wakeFd_, signalFd_}) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &event);
  }
  return true;
}

void HttpServer::stop() {
  const uint64_t one = 1;
  if (::write(wakeFd_, &one, sizeof one) < 0) {
    // The eventfd only fails when its counter is full, and then a wake-up is pending anyway.
  }
}

void HttpServer::run() {
  std::vector<epoll_event> events(256);
  auto lastIdleScan = std::chrono::steady_clock::now();
  while (true) {
    const int ready = ::epoll_wait(epollFd_, events.data(), int(events.size()), 1000);
    if (ready < 0 && errno != EINTR) return;
    for (int i = 0; i < ready; ++i) {
      const int fd = events[size_t(i)].data.fd;
      const uint32_t flags = events[size_t(i)].events;
      if (fd == signalFd_ || fd == wakeFd_) return;
      if (fd == listenFd_) {
        acceptConnections();
        continue;
      }
      auto found = connections_.find(fd);
      if (found != connections_.end()) serviceConnection(fd, found->second, flags);
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - lastIdleScan >= std::chrono::seconds(1)) {
      closeIdleConnections();
      lastIdleScan = now;
    }
  }
}

void HttpServer::acceptConnections() {
  while (true) {
    const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or a transient error such as EMFILE
    if (connections_.size() >= kMaxConnections) {
      ::close(fd);
      continue;
    }
    const int yes = 1;
    // Small responses go out at once instead of waiting for Nagle's timer.
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    Connection& connection = connections_[fd];
    connection.lastActivity = std::chrono::steady_clock::now();
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.fd = fd;
    ::epoll_ctl(epollFd_, EPOLL_CTL_ADD, fd, &event);
  }
}

void HttpServer::serviceConnection(int fd, Connection& connection, uint32_t events) {
  if (events & EPOLLERR) {
    closeConnection(fd);
    return;
  }
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) readAvailable(fd, connection);
  while (true) {
    if (!flushOutput(fd, connection)) {
      closeConnection(fd);
      return;
    }
    if (connection.wantsWrite) break;  // wait for EPOLLOUT
    if (connection.closeAfterOutput) {
      if (connection.peerClosed) {
        closeConnection(fd);
        return;
      }
      if (!connection.lingering) {
        // Close only our half and drain the rest, so the client reads the
        // answer instead of a reset caused by its unread request bytes.
        ::shutdown(fd, SHUT_WR);
        connection.lingering = true;
      }
      break;
    }
    if (connection.peerClosed) {
      closeConnection(fd);
      return;
    }
    // Requests left unparsed for backpressure go now that the output drained.
    if (connection.input.empty()) break;
    const size_t before = connection.input.size();
    processInput(connection);
    if (connection.input.size() == before && connection.output.empty()) break;
  }
  updateInterest(fd, connection);
}

void HttpServer::readAvailable(int fd, Connection& connection) {
  connection.lastActivity = std::chrono::steady_clock::now();
  char buffer[kReadChunk];
  while (true) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      // Past a Connection: close answer, further bytes are read and dropped.
      if (!connection.closeAfterOutput) connection.input.append(buffer, size_t(n));
      if (connection.input.size() > limits_.maxHeaderBytes + limits_.maxBodyBytes + kReadChunk) {
        break;  // the parser refuses it below; no need to hold more
      }
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) connection.peerClosed = true;
    break;
  }
  if (!connection.closeAfterOutput) processInput(connection);
}

void HttpServer::processInput(Connection& connection) {
  size_t offset = 0;
  while (!connection.closeAfterOutput && connection.output.size() < kMaxBufferedOutput) {
    HttpRequest request;
    const ParseResult parsed = parseHttpRequest(
        std::string_view(connection.input).substr(offset), request, limits_);
    if (parsed.status == ParseStatus::NeedMoreData) break;
    if (parsed.status == ParseStatus::Invalid) {
      // After a malformed request the stream cannot be re-synchronised.
      appendHttpResponse(connection.output, errorResponse(parsed.errorStatus, parsed.error), false);
      connection.closeAfterOutput = true;
      offset = connection.input.size();
      break;
    }
    offset += parsed.consumed;
    const HttpResponse response = handler_(request);
    appendHttpResponse(connection.output, response, request.keepAlive);
    if (!request.keepAlive) connection.closeAfterOutput = true;
  }
  connection.input.erase(0, offset);
}

bool HttpServer::flushOutput(int fd, Connection& connection) {
  while (connection.outputSent < connection.output.size()) {
    const ssize_t n = ::send(fd, connection.output.data() + connection.outputSent,
                             connection.output.size() - connection.outputSent, MSG_NOSIGNAL);
    if (n > 0) {
      connection.outputSent += size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      connection.wantsWrite = true;
      return true;
    }
    return false;
  }
  connection.output.clear();
  connection.outputSent = 0;
  connection.wantsWrite = false;
  return true;
}

void HttpServer::updateInterest(int fd, Connection& connection) {
  epoll_event event{};
  event.data.fd = fd;
  event.events = 0;
  // Reading stops while a large answer is still going out (backpressure),
  // after EOF (level-triggered EOF would wake us forever), and once the last
  // answer is queued, except to drain while lingering.
  const bool wantsRead =
      !connection.peerClosed &&
      (connection.lingering ||
       (!connection.closeAfterOutput && connection.output.size() < kMaxBufferedOutput));
  if (wantsRead) event.events |= EPOLLIN | EPOLLRDHUP;
  if (connection.wantsWrite) event.events |= EPOLLOUT;
  ::epoll_ctl(epollFd_, EPOLL_CTL_MOD, fd, &event);
}

void HttpServer::closeConnection(int fd) {
  ::epoll_ctl(epollFd_, EPOLL_CTL_DEL, fd, nullptr);
  ::close(fd);
  connections_.erase(fd);
}

void HttpServer::closeIdleConnections() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<int> idle;
  for (const auto& entry : connections_) {
    const auto limit = entry.second.lingering ? kLingerTimeout : kIdleTimeout;
    if (now - entry.second.lastActivity > limit) idle.push_back(entry.first);
  }
  for (int fd : idle) closeConnection(fd);
}

}  // namespace energy_node
