#ifndef BERTH_CCRYPT_H
#define BERTH_CCRYPT_H

/// 1 when `password` hashes to `hash` (any scheme libxcrypt knows; the
/// registry accepts bcrypt only), 0 when it does not, -1 on error.
/// Compares in constant time. Safe to call from several threads at once.
int ccrypt_verify(const char *password, const char *hash);

#endif
