#include "shared_line_host.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "parent_directories_host.h"

namespace energy_node {

namespace {

constexpr char kMagic[8] = {'E', 'N', 'L', 'I', 'N', 'E', '0', '1'};
constexpr size_t kHeaderBytes = 64;
constexpr size_t kSlotBytes = 64;
constexpr size_t kFileBytes = kHeaderBytes + SharedLine::kSlots * kSlotBytes;
// An exporter updates its slot at least every quarter second of real time;
// a slot older than this belongs to an emulator that stopped or was killed.
constexpr int64_t kStaleNs = 2'000'000'000;
constexpr uint32_t kSending = 1;

int64_t monotonicNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

bool processAlive(int32_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

}  // namespace

// Every field is read and written atomically: other processes change them.
struct SharedLine::Slot {
  uint64_t sequence;        // odd while a writer is in the middle of an update
  uint64_t tradeIdPlusOne;  // 0: free
  int64_t microWatts;
  int64_t updatedNs;        // CLOCK_MONOTONIC, the same clock in every process
  int32_t ownerPid;
  uint32_t flags;
  uint64_t reserved[3];
};
static_assert(sizeof(SharedLine::Slot) == kSlotBytes, "slots are 64 bytes");

namespace {

template <typename T>
T load(const T& field) {
  return __atomic_load_n(&field, __ATOMIC_ACQUIRE);
}
template <typename T>
void store(T& field, T value) {
  __atomic_store_n(&field, value, __ATOMIC_RELEASE);
}

class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {
    while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() { ::flock(fd_, LOCK_UN); }

 private:
  int fd_;
};

}  // namespace

std::unique_ptr<SharedLine> SharedLine::open(const std::string& path, std::string& error) {
  makeParentDirectories(path);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot open the line file " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  {
    FileLock lock(fd);
    struct stat info;
    if (::fstat(fd, &info) != 0) {
      error = "cannot read the line file " + path + ": " + std::strerror(errno);
      ::close(fd);
      return nullptr;
    }
    if (info.st_size == 0) {
      char header[kHeaderBytes] = {};
      std::memcpy(header, kMagic, sizeof kMagic);
      const uint32_t slots = kSlots;
      std::memcpy(header + 8, &slots, sizeof slots);
      if (::ftruncate(fd, off_t(kFileBytes)) != 0 || ::pwrite(fd, header, sizeof header, 0) != ssize_t(sizeof header)) {
        error = "cannot set up the line file " + path + ": " + std::strerror(errno);
        ::close(fd);
        return nullptr;
      }
    } else {
      char header[kHeaderBytes] = {};
      uint32_t slots = 0;
      if (info.st_size != off_t(kFileBytes) || ::pread(fd, header, sizeof header, 0) != ssize_t(sizeof header) ||
          std::memcmp(header, kMagic, sizeof kMagic) != 0 || (std::memcpy(&slots, header + 8, sizeof slots), slots != kSlots)) {
        error = path + " is not an energy-node line file";
        ::close(fd);
        return nullptr;
      }
    }
  }
  void* mapping = ::mmap(nullptr, kFileBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (mapping == MAP_FAILED) {
    error = "cannot map the line file " + path + ": " + std::strerror(errno);
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<SharedLine>(new SharedLine(fd, mapping));
}

SharedLine::SharedLine(int fd, void* mapping) : fd_(fd), mapping_(mapping) {}

SharedLine::~SharedLine() {
  if (ownSlot_ >= 0) publishEnded(ownTradeId_);
  ::munmap(mapping_, kFileBytes);
  ::close(fd_);
}

SharedLine::Slot* SharedLine::slot(uint32_t index) const {
  return reinterpret_cast<Slot*>(static_cast<char*>(mapping_) + kHeaderBytes + index * kSlotBytes);
}

int SharedLine::findSlot(uint64_t tradeId) const {
  for (uint32_t i = 0; i < kSlots; ++i) {
    if (load(slot(i)->tradeIdPlusOne) == tradeId + 1) return int(i);
  }
  return -1;
}

int SharedLine::claimSlot(uint64_t tradeId) {
  FileLock lock(fd_);
  int chosen = findSlot(tradeId);  // the same trade again, e.g. resumed after a restart
  const int64_t now = monotonicNs();
  for (uint32_t i = 0; chosen < 0 && i < kSlots; ++i) {
    const Slot* candidate = slot(i);
    const bool sending = (load(candidate->flags) & kSending) != 0 && now - load(candidate->updatedNs) < kStaleNs;
    if (load(candidate->tradeIdPlusOne) == 0 || !sending || !processAlive(load(candidate->ownerPid))) {
      chosen = int(i);
    }
  }
  if (chosen < 0) return -1;
  Slot* claimed = slot(uint32_t(chosen));
  store(claimed->sequence, load(claimed->sequence) + 1);
  store(claimed->tradeIdPlusOne, tradeId + 1);
  store(claimed->ownerPid, int32_t(::getpid()));
  store(claimed->microWatts, int64_t(0));
  store(claimed->flags, kSending);
  store(claimed->updatedNs, now);
  store(claimed->sequence, load(claimed->sequence) + 1);
  return chosen;
}

bool SharedLine::publishSending(uint64_t tradeId, double watts) {
  if (ownSlot_ < 0 || ownTradeId_ != tradeId) {
    if (ownSlot_ >= 0) publishEnded(ownTradeId_);
    ownSlot_ = claimSlot(tradeId);
    ownTradeId_ = tradeId;
    if (ownSlot_ < 0) return false;
  }
  Slot* own = slot(uint32_t(ownSlot_));
  store(own->sequence, load(own->sequence) + 1);
  store(own->microWatts, int64_t(watts * 1e6));
  store(own->flags, kSending);
  store(own->updatedNs, monotonicNs());
  store(own->sequence, load(own->sequence) + 1);
  return true;
}

void SharedLine::publishEnded(uint64_t tradeId) {
  if (ownSlot_ < 0 || ownTradeId_ != tradeId) return;
  Slot* own = slot(uint32_t(ownSlot_));
  store(own->sequence, load(own->sequence) + 1);
  store(own->microWatts, int64_t(0));
  store(own->flags, uint32_t(0));
  store(own->updatedNs, monotonicNs());
  store(own->sequence, load(own->sequence) + 1);
  ownSlot_ = -1;
}

double SharedLine::sentWatts(uint64_t tradeId) const {
  const int index = findSlot(tradeId);
  if (index < 0) return 0.0;
  const Slot* found = slot(uint32_t(index));
  for (int attempt = 0; attempt < 100; ++attempt) {
    const uint64_t before = load(found->sequence);
    if (before % 2 != 0) continue;  // a writer is mid-update
    const uint64_t id = load(found->tradeIdPlusOne);
    const int64_t microWatts = load(found->microWatts);
    const uint32_t flags = load(found->flags);
    const int64_t updated = load(found->updatedNs);
    if (load(found->sequence) != before) continue;
    if (id != tradeId + 1 || (flags & kSending) == 0 || monotonicNs() - updated >= kStaleNs) return 0.0;
    return double(microWatts) / 1e6;
  }
  return 0.0;
}

}  // namespace energy_node
