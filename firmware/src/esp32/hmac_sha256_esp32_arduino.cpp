// ESP32 implementation of hmacSha256: the mbedTLS that ships with the
// Arduino core (hardware SHA on the S3). The portable code stays the host's,
// and the tests hold both to the RFC 4231 vectors.
#include <mbedtls/md.h>

#include "../core/hmac_sha256.h"

namespace energy_node {

bool hmacSha256(const uint8_t* key, size_t keyLength, const uint8_t* message, size_t messageLength,
                Sha256Digest& mac) {
  const mbedtls_md_info_t* sha256Info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
  if (sha256Info == nullptr) return false;
  return mbedtls_md_hmac(sha256Info, key, keyLength, message, messageLength, mac.data()) == 0;
}

}  // namespace energy_node
