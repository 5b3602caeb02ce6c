#include "ownercare/core/sha256.hpp"

#include <catch2/catch.hpp>
#include <string>

using ownercare::Sha256;
using ownercare::sha256_hex;

// Test vectors from FIPS 180-4's examples (NIST CSRC "SHA256.pdf") and NIST's long message.

TEST_CASE("sha256: empty input", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("sha256: abc", "[sha256]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256: the 448-bit message", "[sha256]") {
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256: the 896-bit message", "[sha256]") {
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmno"
                   "pqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256: one million a fed in odd-sized chunks", "[sha256]") {
  Sha256 hash;
  const std::string chunk(997, 'a');
  std::size_t left = 1000000;
  std::size_t size = 1;
  while (left > 0) {
    std::size_t take = std::min({size, left, chunk.size()});
    hash.update(std::string_view(chunk).substr(0, take));
    left -= take;
    size = size * 3 % 997 + 1;  // 1, 4, 13, 40, ... varied sizes across block boundaries
  }
  CHECK(hash.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: 55, 56 and 64 bytes straddle the padding boundary", "[sha256]") {
  // Known digests of runs of 'a' (computed with coreutils sha256sum).
  CHECK(sha256_hex(std::string(55, 'a')) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("sha256: the digest has 32 bytes matching the hex", "[sha256]") {
  Sha256 hash;
  hash.update("abc");
  auto bytes = hash.digest();
  CHECK(bytes[0] == 0xba);
  CHECK(bytes[31] == 0xad);
}

// Stored task ids and row digests depend on hash64 never changing: these values come from an
// independent implementation of MurmurHash64A (little-endian, as the reference reads words).
TEST_CASE("hash64: MurmurHash64A values for empty, short, word and word-plus-tail input",
          "[sha256]") {
  CHECK(ownercare::hash64("") == 0x0000000000000000ULL);
  CHECK(ownercare::hash64("a") == 0x071717d2d36b6b11ULL);
  CHECK(ownercare::hash64("abcdefgh") == 0xafdb0257ff41aa98ULL);
  CHECK(ownercare::hash64("abcdefghi") == 0xc9b9d84356146ac2ULL);
  CHECK(ownercare::hash64("V0000001") == 0x8f1714a013837969ULL);
}

TEST_CASE("hash64: the seed changes the value", "[sha256]") {
  CHECK(ownercare::hash64("abc", 1) == 0xb4b72636e1480c51ULL);
  CHECK(ownercare::hash64("abc", 1) != ownercare::hash64("abc", 2));
}
