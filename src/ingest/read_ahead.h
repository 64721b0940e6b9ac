// Decompression on its own thread: a compressed file's bytes are inflated
// ahead of the parser into a few fixed buffers, so that reading a .gz log
// costs the slower of inflating and parsing rather than their sum (one
// core inflates with isa-l at ~700 MB/s and parses TSV at ~1 GB/s).
#pragma once

#include <memory>

#include "ingest/byte_source.h"

namespace dragnet {

// `source` itself when it is not compressed (read() needs no help); else a
// source that reads it on a background thread, at most `buffers` x
// `buffer_bytes` ahead.
std::unique_ptr<ByteSource> ReadAhead(std::unique_ptr<ByteSource> source, size_t buffers = 3,
                                      size_t buffer_bytes = size_t{1} << 20);

}  // namespace dragnet
