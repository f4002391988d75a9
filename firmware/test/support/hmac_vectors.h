// RFC 4231 HMAC-SHA256 test cases and helpers shared by the portable and the
// mbedTLS (ESP32) implementation's tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../../src/core/sha256.h"

namespace energy_node::testing {

struct HmacVector {
  const char* name;
  std::vector<uint8_t> key;
  std::vector<uint8_t> data;
  std::string expectedHex;  // truncated in test case 5
};

std::vector<HmacVector> rfc4231Vectors();
std::string toHex(const uint8_t* bytes, size_t length);
std::vector<uint8_t> bytesOf(const std::string& text);
// Hex HMAC-SHA256 of `body` under `secret`, as the delivery service signs.
std::string signatureFor(const std::string& secret, const std::string& body);

}  // namespace energy_node::testing
