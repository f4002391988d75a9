// Host implementation of hmacSha256: the portable code in the core.
#include "../src/core/hmac_sha256.h"

namespace energy_node {

bool hmacSha256(const uint8_t* key, size_t keyLength, const uint8_t* message, size_t messageLength,
                Sha256Digest& mac) {
  mac = portableHmacSha256(key, keyLength, message, messageLength);
  return true;
}

}  // namespace energy_node
