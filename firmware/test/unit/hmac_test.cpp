// SHA-256, HMAC-SHA256 and the X-Signature check.
#include <algorithm>
#include <cctype>
#include <string>

#include "../../src/core/hmac_sha256.h"
#include "../../src/core/signature.h"
#include "../framework/tiny_test.h"
#include "../support/hmac_vectors.h"

using namespace energy_node;
using namespace energy_node::testing;

namespace {

std::string sha256Hex(const std::string& text) {
  const Sha256Digest digest = sha256(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  return toHex(digest.data(), digest.size());
}

SignatureCheck check(const std::string& secret, const std::string& body, const std::string& header) {
  const std::string_view view = header;
  return verifyBodySignature(secret, body, &view);
}

const std::string kSecret = "node-7-secret";
const std::string kBody = "{\"tradeId\":42,\"quantityMilliWh\":1500}";

}  // namespace

TEST(Sha256, MatchesTheFipsExamples) {
  EXPECT_EQ(sha256Hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_EQ(sha256Hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  EXPECT_EQ(sha256Hex(std::string(1'000'000, 'a')),
            std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

TEST(Sha256, GivesTheSameDigestHoweverTheInputIsSplit) {
  const std::string text(1'000, 'x');
  Sha256 pieces;
  for (size_t i = 0; i < text.size(); i += 37) {
    pieces.update(reinterpret_cast<const uint8_t*>(text.data()) + i, std::min<size_t>(37, text.size() - i));
  }
  const Sha256Digest split = pieces.finish();
  EXPECT_EQ(toHex(split.data(), split.size()), sha256Hex(text));
}

TEST(Hmac, MatchesRfc4231TestCases) {
  for (const HmacVector& vector : rfc4231Vectors()) {
    Sha256Digest mac{};
    EXPECT_TRUE(hmacSha256(vector.key.data(), vector.key.size(), vector.data.data(), vector.data.size(), mac));
    const std::string hex = toHex(mac.data(), mac.size()).substr(0, vector.expectedHex.size());
    if (!EXPECT_EQ(hex, vector.expectedHex)) tiny_test::recordFailure(__FILE__, __LINE__, vector.name);
  }
}

TEST(Signature, AcceptsTheHmacOfTheExactBody) {
  EXPECT_EQ(check(kSecret, kBody, signatureFor(kSecret, kBody)), SignatureCheck::Valid);
}

TEST(Signature, AcceptsUppercaseHex) {
  std::string upper = signatureFor(kSecret, kBody);
  for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(check(kSecret, kBody, upper), SignatureCheck::Valid);
}

TEST(Signature, RejectsATamperedBody) {
  const std::string signature = signatureFor(kSecret, kBody);
  EXPECT_EQ(check(kSecret, "{\"tradeId\":42,\"quantityMilliWh\":9500}", signature), SignatureCheck::Mismatch);
  EXPECT_EQ(check(kSecret, kBody + " ", signature), SignatureCheck::Mismatch);
  EXPECT_EQ(check(kSecret, "", signature), SignatureCheck::Mismatch);
}

TEST(Signature, RejectsTheRightBodySignedWithTheWrongKey) {
  EXPECT_EQ(check(kSecret, kBody, signatureFor("node-8-secret", kBody)), SignatureCheck::Mismatch);
  EXPECT_EQ(check(kSecret, kBody, signatureFor("", kBody)), SignatureCheck::Mismatch);
}

TEST(Signature, RejectsSignaturesOfTheWrongLength) {
  const std::string signature = signatureFor(kSecret, kBody);
  EXPECT_EQ(check(kSecret, kBody, ""), SignatureCheck::Malformed);
  EXPECT_EQ(check(kSecret, kBody, signature.substr(0, 63)), SignatureCheck::Malformed);
  EXPECT_EQ(check(kSecret, kBody, signature + "0"), SignatureCheck::Malformed);
  EXPECT_EQ(check(kSecret, kBody, signature + signature), SignatureCheck::Malformed);
  EXPECT_EQ(check(kSecret, kBody, signature.substr(0, 32)), SignatureCheck::Malformed);  // a truncated MAC
}

TEST(Signature, RejectsNonHexDigits) {
  std::string signature = signatureFor(kSecret, kBody);
  signature[10] = 'g';
  EXPECT_EQ(check(kSecret, kBody, signature), SignatureCheck::Malformed);
  EXPECT_EQ(check(kSecret, kBody, "sha256=" + signatureFor(kSecret, kBody).substr(7)), SignatureCheck::Malformed);
}

TEST(Signature, ReportsAMissingHeader) {
  EXPECT_EQ(verifyBodySignature(kSecret, kBody, nullptr), SignatureCheck::Missing);
}

TEST(Signature, ConstantTimeEqualSeesADifferenceInAnyByte) {
  uint8_t a[32] = {};
  uint8_t b[32] = {};
  EXPECT_TRUE(constantTimeEqual(a, b, 32));
  for (size_t i = 0; i < 32; ++i) {
    b[i] = 1;
    EXPECT_FALSE(constantTimeEqual(a, b, 32));
    b[i] = 0;
  }
  EXPECT_TRUE(constantTimeEqual(a, b, 0));
}
