// SHA-256 (FIPS 180-4) in portable C++, used by the host build's HMAC and as
// the reference the ESP32's mbedTLS path is tested against.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace energy_node {

constexpr size_t kSha256DigestBytes = 32;
constexpr size_t kSha256BlockBytes = 64;
using Sha256Digest = std::array<uint8_t, kSha256DigestBytes>;

class Sha256 {
 public:
  Sha256();
  void update(const uint8_t* data, size_t length);
  Sha256Digest finish();

 private:
  void compressBlock(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, kSha256BlockBytes> buffer_;
  size_t buffered_ = 0;
  uint64_t totalBytes_ = 0;
};

Sha256Digest sha256(const uint8_t* data, size_t length);

}  // namespace energy_node
