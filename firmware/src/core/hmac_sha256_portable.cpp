#include "hmac_sha256.h"

#include <cstring>

namespace energy_node {

Sha256Digest portableHmacSha256(const uint8_t* key, size_t keyLength, const uint8_t* message,
                                size_t messageLength) {
  // Keys longer than a block are hashed first (RFC 2104, section 2).
  uint8_t blockKey[kSha256BlockBytes] = {};
  if (keyLength > kSha256BlockBytes) {
    const Sha256Digest hashedKey = sha256(key, keyLength);
    std::memcpy(blockKey, hashedKey.data(), hashedKey.size());
  } else if (keyLength > 0) {
    std::memcpy(blockKey, key, keyLength);
  }

  uint8_t innerPad[kSha256BlockBytes];
  uint8_t outerPad[kSha256BlockBytes];
  for (size_t i = 0; i < kSha256BlockBytes; ++i) {
    innerPad[i] = blockKey[i] ^ 0x36;
    outerPad[i] = blockKey[i] ^ 0x5c;
  }

  Sha256 inner;
  inner.update(innerPad, sizeof innerPad);
  inner.update(message, messageLength);
  const Sha256Digest innerDigest = inner.finish();

  Sha256 outer;
  outer.update(outerPad, sizeof outerPad);
  outer.update(innerDigest.data(), innerDigest.size());
  return outer.finish();
}

}  // namespace energy_node
