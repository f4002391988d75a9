// Both directions of the node's HMAC-SHA256 under its secret:
//  - orders in: X-Signature = hex HMAC of the raw body, compared in constant time;
//  - answers out: X-Signature = hex HMAC of the request's X-Nonce, "\n" and the
//    exact answer body, so a client that sent a fresh nonce knows the answer
//    came from this node, now, unaltered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sha256.h"

namespace energy_node {

enum class SignatureCheck { Valid, Missing, Malformed, Mismatch };

// Compares without an early exit, so the time taken does not tell an attacker
// how many leading bytes of a forged signature were right.
bool constantTimeEqual(const uint8_t* a, const uint8_t* b, size_t length);

// Decodes exactly 64 hex digits (either case) into a digest.
bool parseHexDigest(std::string_view hex, Sha256Digest& digest);
std::string hexDigest(const Sha256Digest& digest);

std::string_view signatureCheckMessage(SignatureCheck check);

SignatureCheck verifyBodySignature(std::string_view secret, std::string_view body,
                                   const std::string_view* signatureHeader);

// X-Nonce: 16 to 64 hex digits (64 to 256 bits of the client's randomness).
constexpr size_t kMinNonceDigits = 16;
constexpr size_t kMaxNonceDigits = 64;
enum class NonceCheck { Valid, Missing, Malformed };
NonceCheck checkNonce(const std::optional<std::string>& nonce);
std::string_view nonceCheckMessage(NonceCheck check);

// Hex HMAC-SHA256 of nonce + "\n" + body; empty if the platform's crypto failed.
std::string answerSignature(std::string_view secret, std::string_view nonce, std::string_view body);

}  // namespace energy_node
