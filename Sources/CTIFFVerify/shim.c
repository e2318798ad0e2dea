// See include/CTIFFVerify.h.
#include "CTIFFVerify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <zlib.h>

typedef struct {
    const unsigned char *data;
    toff_t size;
    toff_t position;
    char *message;
    size_t message_size;
    int errors;
} Memory;

static tmsize_t memory_read(thandle_t handle, void *buffer, tmsize_t count) {
    Memory *m = (Memory *)handle;
    if (count < 0 || m->position >= m->size) return 0;
    toff_t left = m->size - m->position;
    toff_t take = (toff_t)count < left ? (toff_t)count : left;
    memcpy(buffer, m->data + m->position, (size_t)take);
    m->position += take;
    return (tmsize_t)take;
}

static tmsize_t memory_write(thandle_t handle, void *buffer, tmsize_t count) {
    (void)handle; (void)buffer; (void)count;
    return -1;
}

static toff_t memory_seek(thandle_t handle, toff_t offset, int whence) {
    Memory *m = (Memory *)handle;
    toff_t base = whence == SEEK_CUR ? m->position : whence == SEEK_END ? m->size : 0;
    m->position = base + offset;
    return m->position;
}

static int memory_close(thandle_t handle) { (void)handle; return 0; }
static toff_t memory_size(thandle_t handle) { return ((Memory *)handle)->size; }

static int on_error(TIFF *tif, void *user, const char *module, const char *format, va_list args) {
    (void)tif;
    Memory *m = (Memory *)user;
    if (m->errors++ == 0 && m->message_size > 0) {
        int used = 0;
        if (module != NULL) used = snprintf(m->message, m->message_size, "%s: ", module);
        if (used < 0) used = 0;
        if ((size_t)used < m->message_size) vsnprintf(m->message + used, m->message_size - (size_t)used, format, args);
    }
    return 1;  // handled: libtiff prints nothing
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *format, va_list args) {
    (void)tif; (void)user; (void)module; (void)format; (void)args;
    return 1;  // warnings (unknown tags ...) do not make a page unreadable
}

/// Deflate strips: libtiff stops inflating once a strip's rows are full, so damage that still
/// inflates to enough bytes (a run of zeros is valid Huffman data) goes unnoticed. The whole
/// stream must end properly instead: Z_STREAM_END, which also checks its Adler-32 (RFC 1950).
static int deflate_stream_ends(TIFF *tif, uint32_t strip, tmsize_t expected, Memory *m) {
    tmsize_t raw_size = TIFFRawStripSize(tif, strip);
    if (raw_size <= 0) return 1;
    unsigned char *raw = malloc((size_t)raw_size);
    unsigned char *out = malloc((size_t)expected + 1);
    int ok = 0;
    if (raw != NULL && out != NULL && TIFFReadRawStrip(tif, strip, raw, raw_size) == raw_size) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit(&z) == Z_OK) {
            z.next_in = raw;
            z.avail_in = (uInt)raw_size;
            int status = Z_OK;
            while (status == Z_OK) {
                z.next_out = out;
                z.avail_out = (uInt)expected + 1;
                status = inflate(&z, Z_NO_FLUSH);
                if (status == Z_BUF_ERROR && z.avail_in == 0) break;
            }
            ok = status == Z_STREAM_END;
            if (!ok && m->errors++ == 0 && m->message_size > 0) {
                snprintf(m->message, m->message_size, "deflate data of strip %u: %s", strip,
                         z.msg != NULL ? z.msg : "the stream does not end");
            }
            inflateEnd(&z);
        }
    }
    free(raw);
    free(out);
    return ok;
}

int ctv_verify_page(const unsigned char *data, size_t size, int page, char *message, size_t message_size) {
    if (message_size > 0) message[0] = '\0';
    Memory m = {data, (toff_t)size, 0, message, message_size, 0};
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) return -1;
    TIFFOpenOptionsSetErrorHandlerExtR(options, on_error, &m);
    TIFFOpenOptionsSetWarningHandlerExtR(options, on_warning, &m);
    // "m": no memory mapping; the client procedures read from the buffer.
    TIFF *tif = TIFFClientOpenExt("page", "rm", (thandle_t)&m, memory_read, memory_write, memory_seek,
                                  memory_close, memory_size, NULL, NULL, options);
    TIFFOpenOptionsFree(options);
    if (tif == NULL) return -1;
    int result = 0;
    if (!TIFFSetDirectory(tif, (tdir_t)page)) {
        result = -1;
    } else {
        int tiled = TIFFIsTiled(tif);
        tmsize_t capacity = tiled ? TIFFTileSize(tif) : TIFFStripSize(tif);
        uint32_t count = tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
        void *buffer = capacity > 0 ? malloc((size_t)capacity) : NULL;
        if (buffer == NULL) {
            result = -1;
        } else {
            uint16_t compression = COMPRESSION_NONE;
            TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
            int deflate = compression == COMPRESSION_ADOBE_DEFLATE || compression == COMPRESSION_DEFLATE;
            for (uint32_t i = 0; i < count && result == 0; i++) {
                tmsize_t got = tiled ? TIFFReadEncodedTile(tif, i, buffer, capacity)
                                     : TIFFReadEncodedStrip(tif, i, buffer, capacity);
                if (got < 0 || m.errors > 0) result = 1;
                if (result == 0 && deflate && !tiled && !deflate_stream_ends(tif, i, capacity, &m)) result = 1;
            }
            free(buffer);
        }
    }
    TIFFClose(tif);
    if (result == 0 && m.errors > 0) result = 1;
    return result;
}
