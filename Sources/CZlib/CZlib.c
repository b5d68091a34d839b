#include "CZlib.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

enum { CHUNK = 64 * 1024 };

static ssize_t read_some(int fd, unsigned char *buffer, size_t size) {
    for (;;) {
        ssize_t n = read(fd, buffer, size);
        if (n >= 0 || errno != EINTR) return n;
    }
}

static int write_all(int fd, const unsigned char *buffer, size_t size) {
    while (size > 0) {
        ssize_t n = write(fd, buffer, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        buffer += n;
        size -= (size_t)n;
    }
    return 0;
}

int cz_gzip_fd(int src_fd, int dst_fd, const char *header_extra) {
    unsigned char in[CHUNK], out[CHUNK];
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    // windowBits 15 + 16: a gzip wrapper rather than zlib's own.
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -2;
    gz_header header;
    memset(&header, 0, sizeof(header));
    header.os = 255; // "unknown", as Go's gzip writer records it
    if (header_extra != NULL) {
        header.extra = (Bytef *)header_extra;
        header.extra_len = (uInt)strlen(header_extra);
    }
    if (deflateSetHeader(&stream, &header) != Z_OK) { deflateEnd(&stream); return -2; }
    int flush = Z_NO_FLUSH;
    do {
        ssize_t got = read_some(src_fd, in, sizeof(in));
        if (got < 0) { int saved = errno; deflateEnd(&stream); errno = saved; return -1; }
        flush = got == 0 ? Z_FINISH : Z_NO_FLUSH;
        stream.next_in = in;
        stream.avail_in = (uInt)got;
        do {
            stream.next_out = out;
            stream.avail_out = sizeof(out);
            int status = deflate(&stream, flush);
            if (status == Z_STREAM_ERROR) { deflateEnd(&stream); return -2; }
            if (write_all(dst_fd, out, sizeof(out) - stream.avail_out) != 0) {
                int saved = errno; deflateEnd(&stream); errno = saved; return -1;
            }
        } while (stream.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&stream);
    return 0;
}

int cz_gunzip_fd(int src_fd, int dst_fd) {
    unsigned char in[CHUNK], out[CHUNK];
    z_stream stream;
    memset(&stream, 0, sizeof(stream));
    if (inflateInit2(&stream, 15 + 16) != Z_OK) return -2;
    int result = 0;
    int ended = 0; // the last member seen was complete
    for (;;) {
        if (stream.avail_in == 0) {
            ssize_t got = read_some(src_fd, in, sizeof(in));
            if (got < 0) { result = -1; break; }
            if (got == 0) { result = ended ? 0 : -3; break; }
            stream.next_in = in;
            stream.avail_in = (uInt)got;
        }
        if (ended) {
            // Another member follows (gzip allows several in one file).
            if (inflateReset(&stream) != Z_OK) { result = -2; break; }
            ended = 0;
        }
        stream.next_out = out;
        stream.avail_out = sizeof(out);
        int status = inflate(&stream, Z_NO_FLUSH);
        if (write_all(dst_fd, out, sizeof(out) - stream.avail_out) != 0) { result = -1; break; }
        if (status == Z_STREAM_END) { ended = 1; continue; }
        if (status == Z_BUF_ERROR && stream.avail_in == 0) continue; // needs more input
        if (status != Z_OK) { result = -2; break; }
    }
    int saved = errno;
    inflateEnd(&stream);
    errno = saved;
    return result;
}
