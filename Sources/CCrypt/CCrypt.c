#include "CCrypt.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

int ccrypt_verify(const char *password, const char *hash) {
    // struct crypt_data is 32 KiB: on the heap, never on a small thread stack.
    struct crypt_data *data = calloc(1, sizeof(struct crypt_data));
    if (data == NULL) return -1;
    const char *computed = crypt_r(password, hash, data);
    int result = 0;
    size_t length = strlen(hash);
    // libxcrypt answers an unusable setting with a string starting with '*'.
    if (computed != NULL && computed[0] != '*' && strlen(computed) == length) {
        unsigned char difference = 0;
        for (size_t i = 0; i < length; i++) difference |= (unsigned char)(computed[i] ^ hash[i]);
        result = difference == 0;
    }
    explicit_bzero(data, sizeof(struct crypt_data));
    free(data);
    return result;
}
