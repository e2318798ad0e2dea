// Captures what C libraries print on stderr while one thread decodes an image.
// Implemented in Sources/CStderrCapture/shim.c; used only by CardOCR.
//
// Why: libjpeg ("Corrupt JPEG data: ..."), libpng ("libpng error: ...") and libtiff
// ("ZIPDecode: ...") report damaged data by printing to stderr through their default handlers,
// which Leptonica installs and gives no way to replace. Printed raw, the lines name no file and
// interleave with cardscan's own output; and they are the only sign that an image was decoded
// from damaged data (issue 11, item 5).
//
// How: csc_install() replaces the C library's `stderr` stream with an unbuffered stream whose
// writes go to file descriptor 2 as before, except on a thread between csc_begin() and csc_end(),
// where they are kept for that thread. Other threads, and everything written to descriptor 2
// directly (FileHandle.standardError), are unaffected.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Installs the capturing stderr stream once per process (later calls do nothing).
/// Returns 0 on success, -1 when the platform has no fopencookie (then nothing is captured).
int csc_install(void);

/// Starts capturing this thread's stderr output; returns a mark to pass to csc_end.
/// Captures nest: an inner capture takes only what was printed after its own begin.
size_t csc_begin(void);

/// Ends the capture started at `mark` and returns what was printed since, as a NUL-terminated
/// string the caller frees with free(); NULL when nothing was printed or on allocation failure.
/// At most 64 KiB per thread are kept; the rest is dropped.
char *csc_end(size_t mark);

/// A Leptonica stderr handler (leptSetStderrHandler): inside a capture, the message is kept for
/// the thread like the libraries' stderr lines; outside one it is dropped (Leptonica's messages
/// were silenced before captures existed, and outside a decode they are about our own calls).
void csc_leptonica_message(const char *message);

#ifdef __cplusplus
}
#endif
