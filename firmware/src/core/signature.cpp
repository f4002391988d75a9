#include "signature.h"

#include "hmac_sha256.h"

namespace energy_node {
namespace {

int hexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool constantTimeEqual(const uint8_t* a, const uint8_t* b, size_t length) {
  // volatile keeps the compiler from turning the loop into an early-exit memcmp.
  volatile uint8_t difference = 0;
  for (size_t i = 0; i < length; ++i) difference = difference | uint8_t(a[i] ^ b[i]);
  return difference == 0;
}

bool parseHexDigest(std::string_view hex, Sha256Digest& digest) {
  if (hex.size() != 2 * kSha256DigestBytes) return false;
  for (size_t i = 0; i < kSha256DigestBytes; ++i) {
    const int high = hexDigitValue(hex[2 * i]);
    const int low = hexDigitValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    digest[i] = uint8_t(high * 16 + low);
  }
  return true;
}

std::string_view signatureCheckMessage(SignatureCheck check) {
  switch (check) {
    case SignatureCheck::Valid:
      return "signature is valid";
    case SignatureCheck::Missing:
      return "missing X-Signature header (hex HMAC-SHA256 of the body)";
    case SignatureCheck::Malformed:
      return "X-Signature must be 64 hex digits (HMAC-SHA256 of the body)";
    case SignatureCheck::Mismatch:
      return "X-Signature does not match the body under this node's secret";
  }
  return "signature check failed";
}

SignatureCheck verifyBodySignature(std::string_view secret, std::string_view body,
                                   const std::string_view* signatureHeader) {
  if (signatureHeader == nullptr) return SignatureCheck::Missing;
  Sha256Digest claimed{};
  if (!parseHexDigest(*signatureHeader, claimed)) return SignatureCheck::Malformed;
  Sha256Digest expected{};
  if (!hmacSha256(reinterpret_cast<const uint8_t*>(secret.data()), secret.size(),
                  reinterpret_cast<const uint8_t*>(body.data()), body.size(), expected)) {
    return SignatureCheck::Mismatch;
  }
  return constantTimeEqual(claimed.data(), expected.data(), expected.size())
             ? SignatureCheck::Valid
             : SignatureCheck::Mismatch;
}

}  // namespace energy_node
