// See include/CStderrCapture.h.
#define _GNU_SOURCE
#include "CStderrCapture.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CSC_LIMIT = 64 * 1024 };

static __thread char *captured;
static __thread size_t captured_length;
static __thread unsigned depth;

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_result = -1;

static void write_all(const char *data, size_t size) {
    while (size > 0) {
        ssize_t n = write(STDERR_FILENO, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        data += n;
        size -= (size_t)n;
    }
}

static void keep(const char *data, size_t size) {
    if (captured == NULL) {
        captured = malloc(CSC_LIMIT);
        if (captured == NULL) return;
    }
    size_t room = CSC_LIMIT - captured_length;
    size_t take = size < room ? size : room;
    memcpy(captured + captured_length, data, take);
    captured_length += take;
}

static ssize_t capture_write(void *cookie, const char *data, size_t size) {
    (void)cookie;
    if (depth == 0) {
        write_all(data, size);
        return (ssize_t)size;
    }
    keep(data, size);  // beyond the limit: dropped, never printed raw
    return (ssize_t)size;
}

void csc_leptonica_message(const char *message) {
    if (depth == 0 || message == NULL) return;
    keep(message, strlen(message));
}

static void install(void) {
#ifdef __GLIBC__
    // glibc manual, "Standard Streams": "In the GNU C Library, stdin, stdout, and stderr are
    // normal variables which you can set just like any others."
    cookie_io_functions_t functions = {.read = NULL, .write = capture_write, .seek = NULL, .close = NULL};
    FILE *stream = fopencookie(NULL, "w", functions);
    if (stream == NULL) return;
    setvbuf(stream, NULL, _IONBF, 0);
    fflush(stderr);
    stderr = stream;
    install_result = 0;
#endif
}

int csc_install(void) {
    pthread_once(&install_once, install);
    return install_result;
}

size_t csc_begin(void) {
    depth += 1;
    return captured_length;
}

char *csc_end(size_t mark) {
    if (depth > 0) depth -= 1;
    if (mark > captured_length) mark = captured_length;
    size_t length = captured_length - mark;
    char *text = NULL;
    if (length > 0) {
        text = malloc(length + 1);
        if (text != NULL) {
            memcpy(text, captured + mark, length);
            text[length] = '\0';
        }
    }
    captured_length = mark;
    return text;
}
