// Picks the secrets header: secrets.h (yours, git-ignored), or the example
// when the host test build asks for it.
#pragma once

#if defined(ENERGY_NODE_USE_EXAMPLE_SECRETS)
#include "secrets.example.h"
#elif __has_include("secrets.h")
#include "secrets.h"
#else
#error "Copy src/esp32/secrets.example.h to src/esp32/secrets.h and fill in your Wi-Fi and node secret"
#endif
