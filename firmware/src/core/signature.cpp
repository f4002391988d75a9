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

std::string hexDigest(const Sha256Digest& digest) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * digest.size());
  for (const uint8_t byte : digest) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xF]);
  }
  return hex;
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

NonceCheck checkNonce(const std::optional<std::string>& nonce) {
  if (!nonce) return NonceCheck::Missing;
  if (nonce->size() < kMinNonceDigits || nonce->size() > kMaxNonceDigits) return NonceCheck::Malformed;
  for (const char c : *nonce) {
    if (hexDigitValue(c) < 0) return NonceCheck::Malformed;
  }
  return NonceCheck::Valid;
}

std::string_view nonceCheckMessage(NonceCheck check) {
  switch (check) {
    case NonceCheck::Valid:
      return "nonce is valid";
    case NonceCheck::Missing:
      return "missing X-Nonce header: send 16 to 64 fresh random hex digits with every request "
             "about a trade; the answer is signed over it";
    case NonceCheck::Malformed:
      return "X-Nonce must be 16 to 64 hex digits";
  }
  return "nonce check failed";
}

std::string answerSignature(std::string_view secret, std::string_view nonce, std::string_view body) {
  std::string message;
  message.reserve(nonce.size() + 1 + body.size());
  message.append(nonce);
  message.push_back('\n');
  message.append(body);
  Sha256Digest mac{};
  if (!hmacSha256(reinterpret_cast<const uint8_t*>(secret.data()), secret.size(),
                  reinterpret_cast<const uint8_t*>(message.data()), message.size(), mac)) {
    return std::string();
  }
  return hexDigest(mac);
}

}  // namespace energy_node
