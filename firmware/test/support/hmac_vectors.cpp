#include "hmac_vectors.h"

#include "../../src/core/hmac_sha256.h"

namespace energy_node::testing {

std::vector<uint8_t> bytesOf(const std::string& text) { return std::vector<uint8_t>(text.begin(), text.end()); }

std::string toHex(const uint8_t* bytes, size_t length) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < length; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0xF]);
  }
  return hex;
}

std::string signatureFor(const std::string& secret, const std::string& body) {
  Sha256Digest digest{};
  hmacSha256(reinterpret_cast<const uint8_t*>(secret.data()), secret.size(),
             reinterpret_cast<const uint8_t*>(body.data()), body.size(), digest);
  return toHex(digest.data(), digest.size());
}

std::vector<HmacVector> rfc4231Vectors() {
  std::vector<uint8_t> key4;
  for (uint8_t b = 1; b <= 25; ++b) key4.push_back(b);
  return {
      {"RFC 4231 case 1", std::vector<uint8_t>(20, 0x0b), bytesOf("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"RFC 4231 case 2", bytesOf("Jefe"), bytesOf("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"RFC 4231 case 3", std::vector<uint8_t>(20, 0xaa), std::vector<uint8_t>(50, 0xdd),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {"RFC 4231 case 4", key4, std::vector<uint8_t>(50, 0xcd),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {"RFC 4231 case 5 (truncated to 128 bits)", std::vector<uint8_t>(20, 0x0c),
       bytesOf("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b"},
      {"RFC 4231 case 6", std::vector<uint8_t>(131, 0xaa),
       bytesOf("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {"RFC 4231 case 7", std::vector<uint8_t>(131, 0xaa),
       bytesOf("This is a test using a larger than block-size key and a larger than block-size "
               "data. The key needs to be hashed before being used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

}  // namespace energy_node::testing
