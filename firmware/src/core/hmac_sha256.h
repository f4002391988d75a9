// HMAC-SHA256 behind one interface with one implementation per platform:
// host/hmac_sha256_host.cpp (the portable code below) and
// src/esp32/hmac_sha256_esp32_arduino.cpp (the mbedTLS that ships with the
// ESP32 core, which uses the chip's SHA accelerator and is the vetted path).
#pragma once

#include <cstddef>
#include <cstdint>

#include "sha256.h"

namespace energy_node {

// The platform's HMAC-SHA256 of `message` under `key`; false if the
// platform's crypto failed, and then nothing may be taken as verified.
bool hmacSha256(const uint8_t* key, size_t keyLength, const uint8_t* message, size_t messageLength,
                Sha256Digest& mac);

// RFC 2104 HMAC over the portable SHA-256; the host build's hmacSha256.
Sha256Digest portableHmacSha256(const uint8_t* key, size_t keyLength, const uint8_t* message,
                                size_t messageLength);

}  // namespace energy_node
