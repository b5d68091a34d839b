// gzip through zlib, descriptor to descriptor, for the json-file log driver's
// rotated `.gz` files. zlib's stream structs are driven by pointers into
// buffers; keeping that in C leaves the Swift side with plain descriptors.
#pragma once

/// Compresses everything from `src_fd`'s position to its end into `dst_fd` as
/// one gzip member. `header_extra` (or NULL) is stored verbatim in the header's
/// FEXTRA field. Returns 0; -1 with errno set for an I/O error; -2 when zlib fails.
int cz_gzip_fd(int src_fd, int dst_fd, const char *header_extra);

/// Decompresses the gzip data (every member) from `src_fd` into `dst_fd`.
/// Returns 0; -1 with errno set for an I/O error; -2 when the data is not gzip
/// or is corrupt; -3 when it ends early. On -2 and -3, `dst_fd` holds what
/// could be decompressed before the problem.
int cz_gunzip_fd(int src_fd, int dst_fd);
