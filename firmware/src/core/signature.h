// Checks the X-Signature header of a trade order: hex HMAC-SHA256 of the raw
// body under the node secret, compared in constant time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sha256.h"

namespace energy_node {

enum class SignatureCheck { Valid, Missing, Malformed, Mismatch };

// Compares without an early exit, so the time taken does not tell an attacker
// how many leading bytes of a forged signature were right.
bool constantTimeEqual(const uint8_t* a, const uint8_t* b, size_t length);

// Decodes exactly 64 hex digits (either case) into a digest.
bool parseHexDigest(std::string_view hex, Sha256Digest& digest);

std::string_view signatureCheckMessage(SignatureCheck check);

SignatureCheck verifyBodySignature(std::string_view secret, std::string_view body,
                                   const std::string_view* signatureHeader);

}  // namespace energy_node
