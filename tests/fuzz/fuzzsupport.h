#pragma once

// Shared by the libFuzzer harnesses: input decoding and invariant checks that libFuzzer
// records as crashes.

#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace revisor::fuzz {

/// The fuzzer's bytes as the engine sees a file: decoded as UTF-8 (invalid sequences become
/// U+FFFD, as QString::fromUtf8 does for real files).
inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// Aborts with a message when an invariant does not hold; abort() is what libFuzzer saves
/// as a crash input.
inline void require(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "invariant violated: %s\n", what);
        std::abort();
    }
}

} // namespace revisor::fuzz
