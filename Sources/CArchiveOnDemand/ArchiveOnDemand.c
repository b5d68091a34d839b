// The libarchive functions `berth cp` uses, opened on first use rather than
// linked: libarchive brings ten more libraries (libxml2 and ICU among them)
// whose loading would otherwise be part of every berth command's start.
// Each function below has libarchive's own name and signature (the header
// checks them) and forwards to the real one.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include "CArchiveOnDemand.h"

static void *libarchive(void) {
    static void *handle;
    if (handle == NULL) {
        handle = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
        if (handle == NULL) {
            fprintf(stderr, "berth: cannot load libarchive: %s\n", dlerror());
            exit(125);
        }
    }
    return handle;
}

static void *resolve(const char *name) {
    void *function = dlsym(libarchive(), name);
    if (function == NULL) {
        fprintf(stderr, "berth: libarchive has no %s\n", name);
        exit(125);
    }
    return function;
}

#define FORWARD(result, name, parameters, arguments)                 \
    result name parameters {                                         \
        static result(*real) parameters;                             \
        if (real == NULL) real = (result(*) parameters)resolve(#name); \
        return real arguments;                                       \
    }

#define FORWARD_VOID(name, parameters, arguments)                    \
    void name parameters {                                           \
        static void(*real) parameters;                               \
        if (real == NULL) real = (void(*) parameters)resolve(#name); \
        real arguments;                                              \
    }

FORWARD(struct archive *, archive_read_new, (void), ())
FORWARD(int, archive_read_support_filter_all, (struct archive *a), (a))
FORWARD(int, archive_read_support_format_tar, (struct archive *a), (a))
FORWARD(int, archive_read_open_fd, (struct archive *a, int fd, size_t block), (a, fd, block))
FORWARD(int, archive_read_next_header, (struct archive *a, struct archive_entry **entry), (a, entry))
FORWARD(int, archive_read_data_block, (struct archive *a, const void **buffer, size_t *size, la_int64_t *offset),
        (a, buffer, size, offset))
FORWARD(int, archive_read_free, (struct archive *a), (a))
FORWARD(struct archive *, archive_read_disk_new, (void), ())
FORWARD(int, archive_read_disk_set_standard_lookup, (struct archive *a), (a))
FORWARD(int, archive_read_disk_entry_from_file, (struct archive *a, struct archive_entry *entry, int fd, const struct stat *st),
        (a, entry, fd, st))
FORWARD(struct archive *, archive_write_new, (void), ())
FORWARD(int, archive_write_set_format_pax_restricted, (struct archive *a), (a))
FORWARD(int, archive_write_set_bytes_in_last_block, (struct archive *a, int bytes), (a, bytes))
FORWARD(int, archive_write_open_fd, (struct archive *a, int fd), (a, fd))
FORWARD(int, archive_write_header, (struct archive *a, struct archive_entry *entry), (a, entry))
FORWARD(la_ssize_t, archive_write_data, (struct archive *a, const void *buffer, size_t size), (a, buffer, size))
FORWARD(la_ssize_t, archive_write_data_block, (struct archive *a, const void *buffer, size_t size, la_int64_t offset),
        (a, buffer, size, offset))
FORWARD(int, archive_write_finish_entry, (struct archive *a), (a))
FORWARD(int, archive_write_close, (struct archive *a), (a))
FORWARD(int, archive_write_free, (struct archive *a), (a))
FORWARD(struct archive *, archive_write_disk_new, (void), ())
FORWARD(int, archive_write_disk_set_options, (struct archive *a, int flags), (a, flags))
FORWARD(const char *, archive_error_string, (struct archive *a), (a))
FORWARD(struct archive_entry *, archive_entry_new, (void), ())
FORWARD_VOID(archive_entry_free, (struct archive_entry *entry), (entry))
FORWARD(__LA_MODE_T, archive_entry_filetype, (struct archive_entry *entry), (entry))
FORWARD(const char *, archive_entry_pathname, (struct archive_entry *entry), (entry))
FORWARD(const char *, archive_entry_hardlink, (struct archive_entry *entry), (entry))
FORWARD_VOID(archive_entry_copy_pathname, (struct archive_entry *entry, const char *path), (entry, path))
FORWARD_VOID(archive_entry_copy_hardlink, (struct archive_entry *entry, const char *path), (entry, path))
FORWARD_VOID(archive_entry_copy_sourcepath, (struct archive_entry *entry, const char *path), (entry, path))
FORWARD_VOID(archive_entry_set_size, (struct archive_entry *entry, la_int64_t size), (entry, size))
